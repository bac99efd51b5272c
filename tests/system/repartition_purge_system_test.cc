// Repartition topics keep their records until they are consumed; then each
// stream thread deletes what it has committed (DeleteRecords, every 30 s).
// Against a real broker (librdkafka's mock cannot delete records), under
// both guarantees: their commits take different paths (a transaction, or
// the background offset commit), and each must purge below what it
// committed, never below what it has not.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "sluice/sluice.h"
#include "sluice/testing/test_client.h"
#include "system_test_util.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using test::bootstrap;
using test::int64_bytes;
using test::unique;

constexpr int kPartitions = 2;

// The low watermark of each partition of `topic`.
std::vector<std::int64_t> low_watermarks(const std::string& topic) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  EXPECT_EQ(rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap().c_str(),
                              err, sizeof err),
            RD_KAFKA_CONF_OK);
  std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> client(
      rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err),
      &rd_kafka_destroy);
  std::vector<std::int64_t> lows;
  for (int p = 0; p < kPartitions; ++p) {
    std::int64_t low = -1;
    std::int64_t high = -1;
    EXPECT_EQ(rd_kafka_query_watermark_offsets(client.get(), topic.c_str(), p,
                                               &low, &high, 10000),
              RD_KAFKA_RESP_ERR_NO_ERROR);
    lows.push_back(low);
  }
  return lows;
}

class RepartitionPurgeSystemTest
    : public ::testing::TestWithParam<std::string> {};

TEST_P(RepartitionPurgeSystemTest, ConsumedRecordsAreDeletedAfterTheCommit) {
  const std::string in = unique("purge-in");
  const std::string app = unique("purge-app");
  const std::string repartition = app + "-regroup-repartition";
  testing::create_topics(bootstrap(), {in}, kPartitions);

  constexpr std::int64_t kRecords = 2000;
  std::vector<testing::Message> inputs;
  for (std::int64_t i = 0; i < kRecords; ++i) {
    testing::Message m;
    m.key = "k" + std::to_string(i);
    m.value = int64_bytes(i);
    inputs.push_back(std::move(m));
  }
  StreamsBuilder builder;
  builder.stream(in, Consumed::with(Serdes::string(), Serdes::int64()))
      .group_by([](const std::string&,
                   std::int64_t v) { return "g" + std::to_string(v % 7); },
                Grouped::with(Serdes::string(), Serdes::int64(), "regroup"))
      .count(Materialized::as("counts").in_memory());
  KafkaStreams streams(builder.build().value(),
                       StreamsConfig({{"application.id", app},
                                      {"bootstrap.servers", bootstrap()},
                                      {"processing.guarantee", GetParam()},
                                      {"commit.interval.ms", "200"}}));
  ASSERT_TRUE(streams.start().ok());
  ASSERT_TRUE(streams.wait_for_state(KafkaStreams::State::kRunning, 60s));
  testing::produce(bootstrap(), in, inputs);

  // Each reading goes through the repartition topic once: kRecords there.
  const auto processed = [&] {
    return group_metric_sum(streams.metrics(), "stream-task-metrics",
                            "process-total");
  };
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (processed() < 2 * kRecords &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_GE(processed(), 2 * kRecords);

  // Purges happen at commits, at most every 30 s, and the first one may
  // have found nothing consumed yet (under exactly-once the repartition
  // records become readable only when their transaction commits). A
  // trickle of input keeps commits coming until the next purge.
  std::int64_t deleted = 0;
  std::int64_t trickle = kRecords;
  deadline = std::chrono::steady_clock::now() + 45s;
  while (deleted < kRecords && std::chrono::steady_clock::now() < deadline) {
    testing::Message m;
    m.key = "k" + std::to_string(trickle);
    m.value = int64_bytes(trickle);
    testing::produce(bootstrap(), in, {m});
    ++trickle;
    std::this_thread::sleep_for(500ms);
    deleted = 0;
    for (std::int64_t low : low_watermarks(repartition)) deleted += low;
  }
  EXPECT_TRUE(streams.close(60s));
  // At least the first kRecords were consumed and committed by then.
  EXPECT_GE(deleted, kRecords) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Guarantees, RepartitionPurgeSystemTest,
                         ::testing::Values("at_least_once", "exactly_once_v2"));

}  // namespace
}  // namespace sluice
