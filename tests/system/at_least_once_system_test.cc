// The at-least-once runtime against a real Kafka broker: the same pipeline as
// the embedded-cluster integration test, checked by an independent reader.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <set>
#include <thread>

#include "sluice/sluice.h"
#include "sluice/testing/test_client.h"
#include "system_test_util.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using test::bootstrap;
using test::int64_bytes;
using test::unique;

TEST(AtLeastOnceSystemTest,
     TwoInstancesShareEightPartitionsAndDeliverEveryRecord) {
  const std::string in = unique("alos-in");
  const std::string out = unique("alos-out");
  const std::string dlq = unique("alos-dlq");
  testing::create_topics(bootstrap(), {in, out, dlq}, 8);

  constexpr std::int64_t kRecords = 50'000;
  std::vector<testing::Message> inputs;
  for (std::int64_t i = 0; i < kRecords; ++i) {
    testing::Message m;
    m.key = "k" + std::to_string(i % 997);
    m.value = i % 1000 == 999 ? std::string("bad") : int64_bytes(i);
    inputs.push_back(std::move(m));
  }
  StreamsBuilder builder;
  builder.stream(in, Consumed::with(Serdes::string(), Serdes::int64()))
      .map_values([](std::int64_t v) { return v + 1; })
      .to(out, Produced::with(Serdes::string(), Serdes::int64()));
  const Topology topology = builder.build().value();
  const StreamsConfig::Properties props = {
      {"application.id", unique("alos-app")},
      {"bootstrap.servers", bootstrap()},
      {"commit.interval.ms", "200"},
      {"default.deserialization.exception.handler", "dead_letter"},
      {"errors.dead.letter.queue.topic.name", dlq}};
  KafkaStreams a(topology, StreamsConfig(props));
  KafkaStreams b(topology, StreamsConfig(props));
  ASSERT_TRUE(a.start().ok());
  ASSERT_TRUE(b.start().ok());
  // The input comes once the group has settled with partitions on both
  // instances, so that both take part however fast the first one is.
  const auto settled = [&] {
    const double pa = metric_sum(a.metrics(), "assigned-partitions");
    const double pb = metric_sum(b.metrics(), "assigned-partitions");
    return pa > 0 && pb > 0 && pa + pb == 8;
  };
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!settled() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(settled());
  testing::produce(bootstrap(), in, inputs);

  const std::size_t bad = kRecords / 1000;
  auto outputs = testing::read_topic(bootstrap(), out, kRecords - bad, 180s);
  auto dead = testing::read_topic(bootstrap(), dlq, bad, 60s);
  ASSERT_TRUE(a.close(60s));
  ASSERT_TRUE(b.close(60s));

  // Both instances got partitions from the group.
  EXPECT_GT(
      group_metric_sum(a.metrics(), "stream-task-metrics", "process-total"), 0);
  EXPECT_GT(
      group_metric_sum(b.metrics(), "stream-task-metrics", "process-total"), 0);
  // Every good input is in the output (at least once), every bad one in the
  // DLQ.
  std::set<std::int64_t> seen;
  for (const auto& m : outputs)
    seen.insert(Serdes::int64().deserialize(*m.value));
  for (std::int64_t i = 0; i < kRecords; ++i) {
    if (i % 1000 != 999) {
      ASSERT_EQ(seen.count(i + 1), 1u) << "missing output for input " << i;
    }
  }
  EXPECT_EQ(dead.size(), bad);
  for (const auto& m : dead) EXPECT_EQ(m.value, "bad");
}

}  // namespace
}  // namespace sluice
