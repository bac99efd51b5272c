// KafkaStreams on the embedded (mock) cluster: throughput topology with exact
// per-branch counts and per-key order, dead-lettering, and close() under load.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "sluice/kafka_streams.h"
#include "sluice/sluice.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedCluster;

constexpr int kPartitions = 8;

std::string int64_bytes(std::int64_t v) {
  std::string out;
  Serdes::int64().serialize(v, out);
  return out;
}
std::int64_t int64_of(const std::string& bytes) {
  return Serdes::int64().deserialize(bytes);
}

// in (string key, int64 value): drop multiples of 10; multiples of 3 go to
// "fizz", the rest to "rest"; values are squared on the way.
Topology fizz_topology() {
  StreamsBuilder builder;
  auto branches =
      builder.stream("in", Consumed::with(Serdes::string(), Serdes::int64()))
          .filter(
              [](const std::string&, std::int64_t v) { return v % 10 != 0; })
          .map_values([](std::int64_t v) { return v * v; })
          .split(Named::as("b-"))
          .branch([](const std::string&, std::int64_t v) { return v % 3 == 0; },
                  Branched::as("fizz"))
          .default_branch(Branched::as("rest"));
  branches.at("b-fizz").to("fizz",
                           Produced::with(Serdes::string(), Serdes::int64()));
  branches.at("b-rest").to("rest",
                           Produced::with(Serdes::string(), Serdes::int64()));
  return builder.build().value();
}

StreamsConfig::Properties props(const EmbeddedCluster& cluster,
                                const std::string& app) {
  return {{"application.id", app},
          {"bootstrap.servers", cluster.bootstrap_servers()},
          {"commit.interval.ms", "200"},
          {"consumer.session.timeout.ms", "6000"},
          {"consumer.heartbeat.interval.ms", "500"}};
}

std::vector<testing::Message> numbered_inputs(std::int64_t from,
                                              std::int64_t to) {
  std::vector<testing::Message> in;
  in.reserve(static_cast<std::size_t>(to - from));
  for (std::int64_t i = from; i < to; ++i) {
    testing::Message m;
    m.key = "k" + std::to_string(i % 1000);
    m.value = int64_bytes(i);
    in.push_back(std::move(m));
  }
  return in;
}

class KafkaStreamsIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* topic : {"in", "fizz", "rest", "dlq"}) {
      ASSERT_TRUE(cluster_.create_topic(topic, kPartitions).ok());
    }
  }
  EmbeddedCluster cluster_{3};
};

TEST_F(KafkaStreamsIntegrationTest,
       HundredThousandRecordsTwoThreadsExactCountsAndPerKeyOrder) {
  constexpr std::int64_t kRecords = 100'000;
  auto p = props(cluster_, "fizz-app");
  p["num.stream.threads"] = "2";
  KafkaStreams streams(fizz_topology(), StreamsConfig(p));
  ASSERT_TRUE(streams.start().ok());
  // Exact counts need a stable group: at-least-once redelivers what a
  // rebalance interrupts. So the input comes once both threads hold their
  // share of the 8 partitions.
  const auto settled = [&] {
    const auto m = streams.metrics();
    return metric_sum(m, "assigned-partitions") == kPartitions &&
           metric_sum(m, "assigned-partitions",
                      {{"thread-id", "fizz-app-StreamThread-1"}}) > 0 &&
           metric_sum(m, "assigned-partitions",
                      {{"thread-id", "fizz-app-StreamThread-2"}}) > 0;
  };
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!settled() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(settled()) << state_name(streams.state());
  testing::produce(cluster_.bootstrap_servers(), "in",
                   numbered_inputs(0, kRecords));

  std::int64_t expect_fizz = 0;
  std::int64_t expect_rest = 0;
  for (std::int64_t i = 0; i < kRecords; ++i) {
    if (i % 10 == 0) continue;
    ((i * i) % 3 == 0 ? expect_fizz : expect_rest)++;
  }
  auto fizz = testing::read_topic(cluster_.bootstrap_servers(), "fizz",
                                  static_cast<std::size_t>(expect_fizz), 120s);
  auto rest = testing::read_topic(cluster_.bootstrap_servers(), "rest",
                                  static_cast<std::size_t>(expect_rest), 120s);
  ASSERT_TRUE(streams.close(60s));
  EXPECT_EQ(streams.state(), KafkaStreams::State::kNotRunning);
  EXPECT_EQ(static_cast<std::int64_t>(fizz.size()), expect_fizz);
  EXPECT_EQ(static_cast<std::int64_t>(rest.size()), expect_rest);

  // Both threads worked.
  const auto metrics = streams.metrics();
  EXPECT_EQ(group_metric_sum(metrics, "stream-task-metrics", "process-total"),
            kRecords);
  EXPECT_EQ(metric_sum(metrics, "dropped-records-total"), kRecords / 10);
  for (const char* thread :
       {"fizz-app-StreamThread-1", "fizz-app-StreamThread-2"}) {
    EXPECT_GT(group_metric_sum(metrics, "stream-task-metrics", "process-total",
                               {{"thread-id", thread}}),
              0)
        << thread;
  }

  // Within each output topic, per key (hence per input partition) the values
  // arrive in input order; each expected value appears exactly once.
  std::set<std::int64_t> seen;
  for (const auto* topic : {&fizz, &rest}) {
    std::map<std::string, std::vector<std::int64_t>> by_key;
    for (const auto& m : *topic) by_key[*m.key].push_back(int64_of(*m.value));
    for (const auto& [key, values] : by_key) {
      EXPECT_TRUE(std::is_sorted(values.begin(), values.end())) << key;
      seen.insert(values.begin(), values.end());
    }
  }
  EXPECT_EQ(static_cast<std::int64_t>(seen.size()), expect_fizz + expect_rest);
}

TEST_F(KafkaStreamsIntegrationTest,
       APoisonRecordGoesToTheDeadLetterTopicWithHeaders) {
  std::vector<testing::Message> in = numbered_inputs(1, 4);
  testing::Message poison;
  poison.key = "bad-key";
  poison.value = std::string("abc");
  poison.partition = 2;
  poison.headers["origin"] = "fuzzer";
  in.insert(in.begin() + 1, poison);
  testing::produce(cluster_.bootstrap_servers(), "in", in);

  auto p = props(cluster_, "poison-app");
  p["default.deserialization.exception.handler"] = "dead_letter";
  p["errors.dead.letter.queue.topic.name"] = "dlq";
  KafkaStreams streams(fizz_topology(), StreamsConfig(p));
  ASSERT_TRUE(streams.start().ok());
  auto dlq = testing::read_topic(cluster_.bootstrap_servers(), "dlq", 1, 60s);
  auto outputs =
      testing::read_topic(cluster_.bootstrap_servers(), "rest", 2, 30s);
  streams.close(30s);

  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].key, "bad-key");
  EXPECT_EQ(dlq[0].value, "abc");
  EXPECT_EQ(dlq[0].headers.at("origin"), "fuzzer");
  EXPECT_EQ(dlq[0].headers.at(std::string(kDlqHeaderReason)),
            "deserialization_error");
  EXPECT_EQ(dlq[0].headers.at(std::string(kDlqHeaderTopic)), "in");
  EXPECT_EQ(dlq[0].headers.at(std::string(kDlqHeaderPartition)), "2");
  EXPECT_EQ(dlq[0].headers.at(std::string(kDlqHeaderOffset)), "0");
  EXPECT_THAT(dlq[0].headers.at(std::string(kDlqHeaderMessage)),
              ::testing::HasSubstr("8 bytes"));
  // 1, 2 -> rest (1, 4); 3 -> fizz (9).
  EXPECT_EQ(outputs.size(), 2u);
  EXPECT_EQ(streams.state(), KafkaStreams::State::kNotRunning);
}

TEST_F(KafkaStreamsIntegrationTest, TheFailPolicyMovesTheInstanceToError) {
  testing::Message poison;
  poison.key = "k";
  poison.value = std::string("abc");
  testing::produce(cluster_.bootstrap_servers(), "in", {poison});
  KafkaStreams streams(fizz_topology(),
                       StreamsConfig(props(cluster_, "fail-app")));
  std::vector<std::string> transitions;
  std::mutex m;
  streams.set_state_listener([&](KafkaStreams::State now, KafkaStreams::State) {
    std::lock_guard lock(m);
    transitions.emplace_back(state_name(now));
  });
  ASSERT_TRUE(streams.start().ok());
  ASSERT_TRUE(streams.wait_for_state(KafkaStreams::State::kError, 60s));
  EXPECT_THAT(streams.error_message(),
              ::testing::HasSubstr("deserialization_error"));
  EXPECT_THAT(streams.error_message(), ::testing::HasSubstr("in-"));
  streams.close(30s);
  EXPECT_EQ(streams.state(), KafkaStreams::State::kError);
  std::lock_guard lock(m);
  EXPECT_EQ(transitions.front(), "REBALANCING");
  EXPECT_EQ(transitions.back(), "ERROR");
}

TEST_F(KafkaStreamsIntegrationTest, CloseUnderLoadLosesNothing) {
  constexpr std::int64_t kRecords = 60'000;
  testing::produce(cluster_.bootstrap_servers(), "in",
                   numbered_inputs(0, kRecords));
  const auto p = props(cluster_, "close-app");
  {
    KafkaStreams first(fizz_topology(), StreamsConfig(p));
    ASSERT_TRUE(first.start().ok());
    // Close while records are still flowing.
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (group_metric_sum(first.metrics(), "stream-task-metrics",
                            "process-total") < kRecords / 4 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    EXPECT_LT(group_metric_sum(first.metrics(), "stream-task-metrics",
                               "process-total"),
              kRecords);
    ASSERT_TRUE(first.close(60s));
  }
  KafkaStreams second(fizz_topology(), StreamsConfig(p));
  ASSERT_TRUE(second.start().ok());
  std::set<std::int64_t> expected;
  for (std::int64_t i = 0; i < kRecords; ++i) {
    if (i % 10 != 0) expected.insert(i * i);
  }
  std::set<std::int64_t> seen;
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (seen.size() < expected.size() &&
         std::chrono::steady_clock::now() < deadline) {
    seen.clear();
    for (const char* topic : {"fizz", "rest"}) {
      for (const auto& m :
           testing::read_topic(cluster_.bootstrap_servers(), topic,
                               expected.size(), 5s, 200ms)) {
        seen.insert(int64_of(*m.value));
      }
    }
  }
  second.close(60s);
  EXPECT_EQ(seen, expected);
}

TEST(KafkaStreamsStartTest, MissingSourceTopicsAreNamed) {
  EmbeddedCluster cluster;
  ASSERT_TRUE(cluster.create_topic("other", 1).ok());
  KafkaStreams streams(fizz_topology(),
                       StreamsConfig(props(cluster, "missing-app")));
  Status s = streams.start();
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_THAT(s.message(),
              ::testing::HasSubstr("source topics do not exist: in"));
}

TEST(KafkaStreamsStartTest, UnreachableBrokersFailStartWithAClearError) {
  StreamsConfig::Properties p = {{"application.id", "nobody"},
                                 {"bootstrap.servers", "127.0.0.1:1"},
                                 {"startup.timeout.ms", "2000"}};
  KafkaStreams streams(fizz_topology(), StreamsConfig(p));
  Status s = streams.start();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_THAT(s.message(),
              ::testing::HasSubstr("no broker at 127.0.0.1:1 answered"));
}

}  // namespace
}  // namespace sluice
