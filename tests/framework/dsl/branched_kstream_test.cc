// split()/branch(): first match wins, default branch, names, consumers.
#include "sluice/branched_kstream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sluice/sluice.h"
#include "sluice/testing/topology_test_driver.h"

namespace sluice {
namespace {

using ::testing::ElementsAre;
using testing::TopologyTestDriver;
using ::testing::UnorderedElementsAre;

using Stream = KStream<std::string, std::int64_t>;

Stream numbers(StreamsBuilder& builder) {
  return builder.stream("in",
                        Consumed::with(Serdes::string(), Serdes::int64()));
}

std::vector<std::int64_t> values_of(TopologyTestDriver& driver,
                                    const std::string& topic) {
  return driver.create_output_topic<std::string, std::int64_t>(topic)
      .read_values();
}

TEST(BranchedKStreamTest, FirstMatchingBranchWinsAndDefaultCatchesTheRest) {
  StreamsBuilder builder;
  auto branches =
      numbers(builder)
          .split(Named::as("n-"))
          .branch([](const std::string&, std::int64_t v) { return v < 0; },
                  Branched::as("neg"))
          .branch([](const std::string&, std::int64_t v) { return v < 10; },
                  Branched::as("small"))
          .branch([](const std::string&, std::int64_t v) { return v < 5; },
                  Branched::as("never"))
          .default_branch(Branched::as("big"));
  ASSERT_EQ(branches.size(), 4u);
  branches.at("n-neg").to("neg");
  branches.at("n-small").to("small");
  branches.at("n-never").to("never");
  branches.at("n-big").to("big");
  TopologyTestDriver driver(builder.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  for (std::int64_t v : {-3, 1, 4, 12, 9, 100}) in.pipe_input("k", v);
  EXPECT_THAT(values_of(driver, "neg"), ElementsAre(-3));
  EXPECT_THAT(values_of(driver, "small"), ElementsAre(1, 4, 9));
  EXPECT_TRUE(values_of(driver, "never").empty());
  EXPECT_THAT(values_of(driver, "big"), ElementsAre(12, 100));
}

TEST(BranchedKStreamTest, WithoutDefaultUnmatchedRecordsAreDroppedAndCounted) {
  StreamsBuilder builder;
  auto branches =
      numbers(builder)
          .split()
          .branch([](const std::string&, std::int64_t v) { return v % 2 == 0; })
          .no_default_branch();
  ASSERT_EQ(branches.size(), 1u);
  branches.begin()->second.to("even");
  TopologyTestDriver driver(builder.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  for (std::int64_t v : {1, 2, 3, 4}) in.pipe_input("k", v);
  EXPECT_THAT(values_of(driver, "even"), ElementsAre(2, 4));
  EXPECT_EQ(metric_sum(driver.metrics(), "dropped-records-total"), 2);
}

TEST(BranchedKStreamTest, UnnamedBranchesAreNumberedFromOneAfterTheSplitName) {
  StreamsBuilder builder;
  auto branches =
      numbers(builder)
          .split()
          .branch([](const std::string&, std::int64_t v) { return v > 0; })
          .default_branch();
  std::vector<std::string> names;
  for (const auto& [name, stream] : branches) names.push_back(name);
  EXPECT_THAT(names, ElementsAre("KSTREAM-BRANCH-0000000001-1",
                                 "KSTREAM-BRANCH-0000000001-2"));
}

TEST(BranchedKStreamTest, ConsumerBranchesAreWiredAndNotReturned) {
  StreamsBuilder builder;
  auto branches =
      numbers(builder)
          .split(Named::as("s-"))
          .branch([](const std::string&, std::int64_t v) { return v > 0; },
                  Branched::with_consumer([](Stream s) { s.to("positive"); },
                                          "pos"))
          .default_branch(Branched::as("rest"));
  EXPECT_EQ(branches.count("s-pos"), 0u);
  ASSERT_EQ(branches.count("s-rest"), 1u);
  branches.at("s-rest").to("rest");
  TopologyTestDriver driver(builder.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  for (std::int64_t v : {5, -5}) in.pipe_input("k", v);
  EXPECT_THAT(values_of(driver, "positive"), ElementsAre(5));
  EXPECT_THAT(values_of(driver, "rest"), ElementsAre(-5));
}

TEST(BranchedKStreamTest, APredicateThatThrowsGoesToTheErrorPolicy) {
  StreamsBuilder builder;
  numbers(builder)
      .split()
      .branch([](const std::string&, std::int64_t v) -> bool {
        if (v == 13) throw std::runtime_error("unlucky");
        return true;
      })
      .no_default_branch()
      .begin()
      ->second.to("out");
  TopologyTestDriver driver(
      builder.build().value(),
      {{"processing.exception.handler", "log_and_continue"}});
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  for (std::int64_t v : {1, 13, 2}) in.pipe_input("k", v);
  EXPECT_THAT(values_of(driver, "out"), ElementsAre(1, 2));
  EXPECT_EQ(metric_sum(driver.metrics(), "skipped-records-total"), 1);
}

TEST(BranchedKStreamTest, ASplitWithoutBranchesFailsToBuild) {
  StreamsBuilder builder;
  (void)numbers(builder).split(Named::as("lonely-"));
  auto topology = builder.build();
  ASSERT_FALSE(topology.ok());
  EXPECT_THAT(topology.status().message(),
              ::testing::HasSubstr("node lonely-"));
  EXPECT_THAT(topology.status().message(), ::testing::HasSubstr("no branch"));
}

}  // namespace
}  // namespace sluice
