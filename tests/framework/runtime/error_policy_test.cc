// The three error policies for deserialization, processing and
// serialization failures, through the test driver.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sluice/sluice.h"
#include "sluice/testing/topology_test_driver.h"

namespace sluice {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::RawTestRecord;
using testing::TopologyTestDriver;

// in (string, int64) -> map_values that throws on 13 -> out.
Topology doubling_topology() {
  StreamsBuilder builder;
  builder.stream("in", Consumed::with(Serdes::string(), Serdes::int64()))
      .map_values([](std::int64_t v) {
        if (v == 13) throw std::runtime_error("13 is not allowed");
        return v * 2;
      })
      .to("out", Produced::with(Serdes::string(), Serdes::int64()));
  return builder.build().value();
}

std::string int64_bytes(std::int64_t v) {
  std::string out;
  Serdes::int64().serialize(v, out);
  return out;
}

const std::string* header(const RawTestRecord& r, std::string_view key) {
  return r.headers.last_value(key);
}

TEST(ErrorPolicyTest, FailStopsWithAMessageNamingNodeAndPosition) {
  TopologyTestDriver driver(doubling_topology());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  in.pipe_input("a", 1);
  try {
    in.pipe_input("b", 13);
    FAIL() << "expected StreamsFatalError";
  } catch (const StreamsFatalError& e) {
    EXPECT_THAT(
        e.what(),
        HasSubstr("processing_error at node KSTREAM-MAPVALUES-0000000001"));
    EXPECT_THAT(e.what(), HasSubstr("in-0@1"));
    EXPECT_THAT(e.what(), HasSubstr("13 is not allowed"));
  }
}

TEST(ErrorPolicyTest, LogAndContinueSkipsAndCounts) {
  TopologyTestDriver driver(
      doubling_topology(),
      {{"processing.exception.handler", "log_and_continue"},
       {"default.deserialization.exception.handler", "log_and_continue"}});
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  in.pipe_input("a", 1);
  in.pipe_input("b", 13);
  in.pipe_bytes("c", std::string("bad"));
  in.pipe_input("d", 2);
  auto out = driver.create_output_topic<std::string, std::int64_t>("out");
  EXPECT_THAT(out.read_values(), ElementsAre(2, 4));
  EXPECT_EQ(metric_sum(driver.metrics(), "skipped-records-total"), 2);
  EXPECT_EQ(group_metric_sum(driver.metrics(), "stream-task-metrics",
                             "process-total"),
            4);
}

TEST(ErrorPolicyTest, DeadLetterSendsTheOriginalBytesWithReasonHeaders) {
  TopologyTestDriver driver(
      doubling_topology(),
      {{"processing.exception.handler", "dead_letter"},
       {"default.deserialization.exception.handler", "dead_letter"},
       {"errors.dead.letter.queue.topic.name", "dlq"}});
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  in.pipe_input("a", 1, 1000);
  in.pipe_input("b", 13, 2000, Headers{{"trace", "t-1"}});
  driver.pipe_raw(
      "in",
      RawTestRecord{std::string("c"), std::string("\x01\x02", 2), 3000, {}});
  driver.pipe_raw("in", RawTestRecord{std::nullopt, std::nullopt, 4000, {}});

  auto out = driver.create_output_topic<std::string, std::int64_t>("out");
  EXPECT_THAT(out.read_values(), ElementsAre(2));
  std::vector<RawTestRecord> dlq = driver.read_raw("dlq");
  ASSERT_EQ(dlq.size(), 3u);

  // The processing failure: original bytes, the original header kept.
  EXPECT_EQ(dlq[0].key, "b");
  EXPECT_EQ(dlq[0].value, int64_bytes(13));
  EXPECT_EQ(dlq[0].timestamp_ms, 2000);
  EXPECT_EQ(*header(dlq[0], "trace"), "t-1");
  EXPECT_EQ(*header(dlq[0], kDlqHeaderReason), "processing_error");
  EXPECT_EQ(*header(dlq[0], kDlqHeaderMessage), "13 is not allowed");
  EXPECT_EQ(*header(dlq[0], kDlqHeaderNode), "KSTREAM-MAPVALUES-0000000001");
  EXPECT_EQ(*header(dlq[0], kDlqHeaderTopic), "in");
  EXPECT_EQ(*header(dlq[0], kDlqHeaderPartition), "0");
  EXPECT_EQ(*header(dlq[0], kDlqHeaderOffset), "1");
  EXPECT_EQ(*header(dlq[0], kDlqHeaderTimestamp), "2000");

  // The deserialization failures keep their bytes exactly, null stays null.
  EXPECT_EQ(dlq[1].value, std::string("\x01\x02", 2));
  EXPECT_EQ(*header(dlq[1], kDlqHeaderReason), "deserialization_error");
  EXPECT_EQ(*header(dlq[1], kDlqHeaderNode), "KSTREAM-SOURCE-0000000000");
  EXPECT_THAT(*header(dlq[1], kDlqHeaderMessage), HasSubstr("needs 8 bytes"));
  EXPECT_FALSE(dlq[2].key.has_value());
  EXPECT_FALSE(dlq[2].value.has_value());

  // Accounting: every input is an output or a dead letter.
  const auto m = driver.metrics();
  EXPECT_EQ(group_metric_sum(m, "stream-task-metrics", "process-total"), 4);
  EXPECT_EQ(metric_sum(m, "produce-total"), 1);
  EXPECT_EQ(metric_sum(m, "dead-letter-records-total"), 3);
}

TEST(ErrorPolicyTest, SerializationFailuresUseTheProcessingPolicy) {
  StreamsBuilder builder;
  const Serde<std::string> picky = Serde<std::string>::from(
      "picky",
      [](const std::string& v, std::string& out) {
        if (v == "bad") throw SerdeError("cannot write bad");
        out += v;
      },
      [](std::optional<std::string_view> b) {
        return std::string(b.value_or(""));
      });
  builder.stream<std::string, std::string>("in").to(
      "out", Produced::with(Serdes::string(), picky));
  TopologyTestDriver driver(builder.build().value(),
                            {{"processing.exception.handler", "dead_letter"},
                             {"errors.dead.letter.queue.topic.name", "dlq"}});
  auto in = driver.create_input_topic<std::string, std::string>("in");
  in.pipe_input("k", "good");
  in.pipe_input("k", "bad");
  EXPECT_EQ(driver.queued("out"), 1u);
  auto dlq = driver.read_raw("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(*header(dlq[0], kDlqHeaderReason), "serialization_error");
}

TEST(ErrorPolicyTest, AFailureInOneBranchDoesNotStopTheOther) {
  StreamsBuilder builder;
  auto s = builder.stream<std::string, std::string>("in");
  s.map_values([](const std::string& v) -> std::string {
     throw std::runtime_error("boom " + v);
   }).to("a");
  s.to("b");
  TopologyTestDriver driver(builder.build().value(),
                            {{"processing.exception.handler", "dead_letter"},
                             {"errors.dead.letter.queue.topic.name", "dlq"}});
  driver.create_input_topic<std::string, std::string>("in").pipe_input("k",
                                                                       "v");
  EXPECT_EQ(driver.queued("a"), 0u);
  EXPECT_EQ(driver.queued("b"), 1u);
  EXPECT_EQ(driver.queued("dlq"), 1u);
}

}  // namespace
}  // namespace sluice
