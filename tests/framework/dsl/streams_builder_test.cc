// build(): validation errors name the node.
#include "sluice/streams_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sluice/sluice.h"

namespace sluice {
namespace {

using ::testing::HasSubstr;

struct Custom {
  int x = 0;
};

TEST(StreamsBuilderTest, EmptyTopologyIsRejected) {
  StreamsBuilder builder;
  auto t = builder.build();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(t.status().message(), HasSubstr("empty"));
}

TEST(StreamsBuilderTest, DuplicateNamesAreRejectedNamingTheNode) {
  StreamsBuilder builder;
  auto s = builder.stream<std::string, std::string>("in");
  s.filter([](const auto&, const auto&) { return true; }, Named::as("dup"))
      .map_values([](const std::string& v) { return v; }, Named::as("dup"));
  auto t = builder.build();
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("node dup"));
}

TEST(StreamsBuilderTest, MissingSerdeIsRejectedNamingTheNode) {
  StreamsBuilder builder;
  builder.stream<std::string, std::string>("in")
      .map_values([](const std::string&) { return Custom{}; })
      .to("out",
          ProducedOptions<std::string, Custom>{}.with_name("custom-sink"));
  auto t = builder.build();
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("node custom-sink"));
  EXPECT_THAT(t.status().message(), HasSubstr("no value serde"));
}

TEST(StreamsBuilderTest, MissingSourceSerdeIsRejected) {
  StreamsBuilder builder;
  builder.stream<std::string, Custom>("in").foreach (
      [](const auto&, const auto&) {});
  auto t = builder.build();
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("KSTREAM-SOURCE-0000000000"));
}

TEST(StreamsBuilderTest, ATopicReadByTwoSourcesIsRejected) {
  StreamsBuilder builder;
  builder.stream<std::string, std::string>("in").to("a");
  builder.stream<std::string, std::string>("in").to("b");
  auto t = builder.build();
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(),
              HasSubstr("already read by KSTREAM-SOURCE-0000000000"));
}

TEST(StreamsBuilderTest, BuildValueThrowsTheErrorForSimplePrograms) {
  StreamsBuilder builder;
  EXPECT_THROW((void)builder.build().value(), StatusError);
}

TEST(StreamsBuilderTest, MergingStreamsOfTwoBuildersThrows) {
  StreamsBuilder a;
  StreamsBuilder b;
  auto s1 = a.stream<std::string, std::string>("x");
  auto s2 = b.stream<std::string, std::string>("y");
  EXPECT_THROW((void)s1.merge(s2), TopologyError);
}

}  // namespace
}  // namespace sluice
