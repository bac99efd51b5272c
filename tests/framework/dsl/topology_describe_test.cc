// describe() must print Kafka Streams' TopologyDescription text exactly.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sluice/sluice.h"
#include "sluice/topology.h"

namespace sluice {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(TopologyDescribeTest, MatchesKafkaStreamsFormat) {
  StreamsBuilder builder;
  auto branches =
      builder.stream<std::string, std::string>("input")
          .filter([](const auto&, const auto& v) { return !v.empty(); })
          .map_values([](const std::string& v) { return v; })
          .split(Named::as("route-"))
          .branch([](const auto&, const auto& v) { return v[0] == 'a'; },
                  Branched::as("a"))
          .default_branch(Branched::as("b"));
  branches.at("route-a").to("out-a");
  branches.at("route-b").to("out-b");
  builder.stream<std::string, std::string>("second")
      .peek([](const auto&, const auto&) {})
      .to("out-c");
  const std::string expected =
      read_file(std::string(SLUICE_TEST_DATA_DIR) +
                "/describe/split_and_second_source.txt");
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(builder.build().value().describe(), expected);
}

TEST(TopologyDescribeTest, ListsSourceAndSinkTopics) {
  StreamsBuilder builder;
  builder.stream<std::string, std::string>(std::vector<std::string>{"b", "a"})
      .to("z");
  Topology t = builder.build().value();
  EXPECT_EQ(t.source_topics(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.sink_topics(), (std::vector<std::string>{"z"}));
  EXPECT_NE(t.describe().find("(topics: [a, b])"), std::string::npos);
}

}  // namespace
}  // namespace sluice
