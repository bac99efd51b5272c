// Stateful processing on the embedded cluster: RocksDB stores with
// changelogs, restore after a clean restart, after losing state.dir, and
// with two instances splitting the partitions; interactive queries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "sluice/sluice.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedCluster;

constexpr int kPartitions = 4;
constexpr int kKeys = 200;
constexpr std::int64_t kBaseTime = 1'000'000'000'000;  // a multiple of 10 s

std::string int64_bytes(std::int64_t v) {
  std::string out;
  Serdes::int64().serialize(v, out);
  return out;
}

// Per-key counts and sums, and per-key 10-second windowed counts.
Topology stateful_topology() {
  StreamsBuilder b;
  auto in =
      b.stream("values", Consumed::with(Serdes::string(), Serdes::int64()));
  in.group_by_key()
      .count(Materialized::as("counts"))
      .to_stream()
      .to("count-updates", Produced::with(Serdes::string(), Serdes::int64()));
  in.group_by_key()
      .aggregate([] { return std::int64_t{0}; },
                 [](const std::string&, std::int64_t v, std::int64_t sum) {
                   return sum + v;
                 },
                 Materialized::as("sums"), Serdes::int64())
      .to_stream()
      .to("sum-updates", Produced::with(Serdes::string(), Serdes::int64()));
  in.group_by_key()
      .windowed_by(TimeWindows::of_size(10s))
      .count(Materialized::as("windowed").with_retention(1h))
      .to_stream()
      .to("window-updates",
          Produced::with(windowed_serde(Serdes::string(), 10'000),
                         Serdes::int64()));
  return b.build().value();
}

class StatefulIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* t :
         {"values", "count-updates", "sum-updates", "window-updates"}) {
      ASSERT_TRUE(cluster_.create_topic(t, kPartitions).ok());
    }
    base_dir_ =
        std::filesystem::temp_directory_path() /
        ("sluice-stateful-" + std::to_string(::getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(base_dir_);
  }
  void TearDown() override { std::filesystem::remove_all(base_dir_); }

  StreamsConfig config(const std::string& dir) const {
    return StreamsConfig({{"application.id", "stateful-app"},
                          {"bootstrap.servers", cluster_.bootstrap_servers()},
                          {"state.dir", (base_dir_ / dir).string()},
                          {"commit.interval.ms", "100"},
                          {"consumer.session.timeout.ms", "6000"},
                          {"consumer.heartbeat.interval.ms", "500"}});
  }

  // Produces records i in [from, to): key k<i % kKeys>, value i, timestamp
  // kBaseTime + i * 10 ms.
  void produce(std::int64_t from, std::int64_t to) {
    std::vector<testing::Message> in;
    for (std::int64_t i = from; i < to; ++i) {
      const std::string key = "k" + std::to_string(i % kKeys);
      expected_count_[key]++;
      expected_sum_[key] += i;
      testing::Message m;
      m.key = key;
      m.value = int64_bytes(i);
      m.timestamp_ms = kBaseTime + i * 10;
      in.push_back(std::move(m));
    }
    testing::produce(cluster_.bootstrap_servers(), "values", in);
  }

  // Waits until the instance processed `n` records in total.
  static bool wait_processed(const KafkaStreams& s, double n) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (group_metric_sum(s.metrics(), "stream-task-metrics",
                           "process-total") >= n)
        return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  // The counts and sums the instances' stores hold (via interactive queries).
  static std::pair<std::map<std::string, std::int64_t>,
                   std::map<std::string, std::int64_t>>
  query(const std::vector<const KafkaStreams*>& instances) {
    std::map<std::string, std::int64_t> counts;
    std::map<std::string, std::int64_t> sums;
    for (const KafkaStreams* s : instances) {
      for (auto& [k, v] :
           s->key_value_store<std::string, std::int64_t>("counts")
               .value()
               .all()) {
        counts[k] += v;
      }
      for (auto& [k, v] : s->key_value_store<std::string, std::int64_t>("sums")
                              .value()
                              .all()) {
        sums[k] += v;
      }
    }
    return {counts, sums};
  }

  // Waits until the stores (committed state) hold the expected values.
  bool wait_for_expected(const std::vector<const KafkaStreams*>& instances) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto [counts, sums] = query(instances);
      if (counts == expected_count_ && sums == expected_sum_) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  EmbeddedCluster cluster_{1};
  std::filesystem::path base_dir_;
  std::map<std::string, std::int64_t> expected_count_;
  std::map<std::string, std::int64_t> expected_sum_;
};

TEST_F(StatefulIntegrationTest,
       RestartRestoresNothingAndLostStateIsRebuiltFromTheChangelog) {
  produce(0, 20'000);
  {
    KafkaStreams first(stateful_topology(), config("a"));
    ASSERT_TRUE(first.start().ok());
    ASSERT_TRUE(wait_processed(first, 20'000));
    ASSERT_TRUE(wait_for_expected({&first}));
    // A windowed query: key k7 had values 7, 207, 407, ... at i*10 ms, so the
    // first 10 s window holds i < 1000: five records.
    auto windows = first
                       .window_store<std::string, std::int64_t>(
                           "windowed", TimeWindows::of_size(10s))
                       .value()
                       .fetch("k7", kBaseTime, kBaseTime);
    ASSERT_EQ(windows.size(), 1u);
    EXPECT_EQ(windows[0].second, 5);
    ASSERT_TRUE(first.close(60s));
  }
  {
    // Clean restart, same state.dir: the stores are up to date, nothing is
    // replayed; new records are added to the old state.
    produce(20'000, 21'000);
    KafkaStreams second(stateful_topology(), config("a"));
    ASSERT_TRUE(second.start().ok());
    ASSERT_TRUE(wait_processed(second, 1'000));
    ASSERT_TRUE(wait_for_expected({&second}));
    EXPECT_EQ(metric_sum(second.metrics(), "restore-records-total"), 0);
    ASSERT_TRUE(second.close(60s));
  }
  {
    // state.dir lost: everything comes back from the changelogs.
    std::filesystem::remove_all(base_dir_ / "a");
    KafkaStreams third(stateful_topology(), config("a"));
    ASSERT_TRUE(third.start().ok());
    ASSERT_TRUE(third.wait_for_state(KafkaStreams::State::kRunning, 60s));
    ASSERT_TRUE(wait_for_expected({&third}));
    EXPECT_GT(metric_sum(third.metrics(), "restore-records-total"), 0);
    EXPECT_EQ(group_metric_sum(third.metrics(), "stream-task-metrics",
                               "process-total"),
              0);
    ASSERT_TRUE(third.close(60s));
  }
}

TEST_F(StatefulIntegrationTest,
       TwoInstancesSplitThePartitionsAndRestoreOnlyTheirOwn) {
  produce(0, 8'000);
  {
    KafkaStreams one(stateful_topology(), config("one"));
    ASSERT_TRUE(one.start().ok());
    ASSERT_TRUE(wait_processed(one, 8'000));
    ASSERT_TRUE(wait_for_expected({&one}));
    ASSERT_TRUE(one.close(60s));
  }
  // Two fresh instances (empty state dirs) share the group.
  KafkaStreams a(stateful_topology(), config("two-a"));
  KafkaStreams b(stateful_topology(), config("two-b"));
  ASSERT_TRUE(a.start().ok());
  ASSERT_TRUE(b.start().ok());
  ASSERT_TRUE(wait_for_expected({&a, &b}));
  const auto [counts_a, sums_a] = query({&a});
  const auto [counts_b, sums_b] = query({&b});
  EXPECT_FALSE(counts_a.empty());
  EXPECT_FALSE(counts_b.empty());
  for (const auto& [key, n] : counts_a)
    EXPECT_EQ(counts_b.count(key), 0u) << key;
  // Each restored only its share: together exactly the changelog contents of
  // the three stores (one write per key per commit, so at least one record
  // per key and store).
  const double restored_a = metric_sum(a.metrics(), "restore-records-total");
  const double restored_b = metric_sum(b.metrics(), "restore-records-total");
  EXPECT_GT(restored_a, 0);
  EXPECT_GT(restored_b, 0);
  a.close(60s);
  b.close(60s);
}

TEST_F(StatefulIntegrationTest, DirtyEntriesBeyondTheTasksShareCommitEarly) {
  // 4,000 distinct keys dirty ~48 bytes in each task (three stores) per
  // record, ~48 KB per task in all. statestore.cache.max.bytes is 64 KiB for
  // the instance, i.e. ~16 KiB for each task's 3 of the 12 store
  // partitions: the tasks must commit early, long before the 10-minute
  // commit interval. (Measured against the whole budget, no task ever
  // reaches 64 KiB, and nothing would be committed.)
  std::vector<testing::Message> in;
  for (std::int64_t i = 0; i < 4'000; ++i) {
    testing::Message m;
    m.key = "u" + std::to_string(i);
    m.value = int64_bytes(i);
    m.timestamp_ms = kBaseTime + i * 10;
    in.push_back(std::move(m));
  }
  testing::produce(cluster_.bootstrap_servers(), "values", in);
  KafkaStreams streams(
      stateful_topology(),
      StreamsConfig({{"application.id", "stateful-app"},
                     {"bootstrap.servers", cluster_.bootstrap_servers()},
                     {"state.dir", (base_dir_ / "early").string()},
                     {"processing.guarantee", "at_least_once"},
                     {"commit.interval.ms", "600000"},
                     {"statestore.cache.max.bytes", "65536"}}));
  ASSERT_TRUE(streams.start().ok());
  ASSERT_TRUE(wait_processed(streams, 4'000));
  EXPECT_GE(metric_sum(streams.metrics(), "commit-total"), 2);
  ASSERT_TRUE(streams.close(60s));
}

TEST_F(StatefulIntegrationTest, QueriesOfUnknownStoresAreErrors) {
  KafkaStreams s(stateful_topology(), config("q"));
  auto before = s.key_value_store<std::string, std::int64_t>("counts");
  EXPECT_EQ(before.status().code(), StatusCode::kFailedPrecondition);
  auto unknown = s.key_value_store<std::string, std::int64_t>("nope");
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

TEST(RepartitionIntegrationTest, GroupByCreatesAndUsesTheRepartitionTopic) {
  EmbeddedCluster cluster;
  ASSERT_TRUE(cluster.create_topic("lines", 3).ok());
  ASSERT_TRUE(cluster.create_topic("word-counts-out", 3).ok());
  StreamsBuilder b;
  b.stream("lines", Consumed::with(Serdes::string(), Serdes::string()))
      .flat_map_values([](const std::string& line) {
        std::vector<std::string> words;
        std::stringstream in(line);
        for (std::string w; in >> w;) words.push_back(w);
        return words;
      })
      .group_by([](const std::string&, const std::string& w) { return w; })
      .count(Materialized::as("counts").in_memory())
      .to_stream()
      .to("word-counts-out", Produced::with(Serdes::string(), Serdes::int64()));
  std::vector<testing::Message> lines;
  std::map<std::string, std::int64_t> expected;
  for (int i = 0; i < 3000; ++i) {
    testing::Message m;
    m.key = "line-" + std::to_string(i);
    const std::string w1 = "w" + std::to_string(i % 17);
    const std::string w2 = "w" + std::to_string(i % 5);
    m.value = w1 + " " + w2;
    expected[w1]++;
    expected[w2]++;
    lines.push_back(std::move(m));
  }
  testing::produce(cluster.bootstrap_servers(), "lines", lines);
  KafkaStreams streams(
      b.build().value(),
      StreamsConfig({{"application.id", "wc-app"},
                     {"bootstrap.servers", cluster.bootstrap_servers()},
                     {"commit.interval.ms", "100"}}));
  ASSERT_TRUE(streams.start().ok());
  std::map<std::string, std::int64_t> counts;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (counts != expected && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
    auto store = streams.key_value_store<std::string, std::int64_t>("counts");
    if (!store.ok()) continue;
    counts.clear();
    for (auto& [k, v] : store->all()) counts[k] = v;
  }
  EXPECT_EQ(counts, expected);
  // The last update of each word in the output topic is its final count.
  // How many updates there are depends on the cache, so read until every
  // word's last update has arrived (a single read can stop at a pause of
  // the producer on a busy machine).
  std::map<std::string, std::int64_t> last;
  const auto read_deadline = std::chrono::steady_clock::now() + 30s;
  do {
    last.clear();
    for (const auto& m : testing::read_topic(cluster.bootstrap_servers(),
                                             "word-counts-out", 1, 10s)) {
      last[*m.key] = Serdes::int64().deserialize(*m.value);
    }
  } while (last != expected &&
           std::chrono::steady_clock::now() < read_deadline);
  EXPECT_EQ(last, expected);
  auto repartitioned = testing::read_topic(
      cluster.bootstrap_servers(),
      "wc-app-KSTREAM-REPARTITION-0000000003-repartition", 6000, 10s);
  EXPECT_EQ(repartitioned.size(), 6000u);
  streams.close(30s);
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// State left by a run against another cluster must not be trusted: its
// checkpoint is past the end of the new changelog.
TEST(StaleStateIntegrationTest, LocalStateAheadOfTheChangelogIsDiscarded) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("sluice-stale-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto run = [&](int records) {
    EmbeddedCluster cluster;
    EXPECT_TRUE(cluster.create_topic("in", 1).ok());
    StreamsBuilder b;
    b.stream("in", Consumed::with(Serdes::string(), Serdes::string()))
        .group_by_key()
        .count(Materialized::as("n"));
    std::vector<testing::Message> in(static_cast<std::size_t>(records));
    for (auto& m : in) m.key = "k";
    testing::produce(cluster.bootstrap_servers(), "in", in);
    KafkaStreams s(
        b.build().value(),
        StreamsConfig({{"application.id", "stale"},
                       {"bootstrap.servers", cluster.bootstrap_servers()},
                       {"state.dir", dir.string()},
                       {"commit.interval.ms", "50"}}));
    EXPECT_TRUE(s.start().ok());
    std::optional<std::int64_t> n;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (n != records && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
      if (auto store = s.key_value_store<std::string, std::int64_t>("n");
          store.ok()) {
        n = store->get("k");
      }
    }
    s.close(30s);
    return n;
  };
  EXPECT_EQ(run(50), 50);
  EXPECT_EQ(run(7), 7);  // not 57
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// Operational metrics: consumer lag per partition and store sizes.
TEST(OperationalMetricsIntegrationTest, ReportsLagPerPartitionAndStoreSizes) {
  EmbeddedCluster cluster;
  ASSERT_TRUE(cluster.create_topic("m-in", 2).ok());
  StreamsBuilder b;
  b.stream("m-in", Consumed::with(Serdes::string(), Serdes::string()))
      .peek([](const std::string&, const std::string&) {
        std::this_thread::sleep_for(3ms);  // slow enough to see a lag
      })
      .group_by_key()
      .count(Materialized::as("m-counts").in_memory());
  std::vector<testing::Message> in;
  for (int i = 0; i < 500; ++i) {
    testing::Message m;
    m.key = "k" + std::to_string(i % 37);
    m.value = "v";
    in.push_back(std::move(m));
  }
  testing::produce(cluster.bootstrap_servers(), "m-in", in);
  KafkaStreams s(
      b.build().value(),
      StreamsConfig({{"application.id", "metrics-app"},
                     {"max.poll.records", "20"},
                     {"bootstrap.servers", cluster.bootstrap_servers()},
                     {"commit.interval.ms", "50"}}));
  ASSERT_TRUE(s.start().ok());
  // While it works through the backlog, the lag is positive...
  double max_lag = 0;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (group_metric_sum(s.metrics(), "stream-task-metrics", "process-total") <
             500 &&
         std::chrono::steady_clock::now() < deadline) {
    max_lag = std::max(max_lag, metric_sum(s.metrics(), "records-lag"));
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_GT(max_lag, 0);
  std::this_thread::sleep_for(300ms);  // a few commits after the last record
  const auto m = s.metrics();
  EXPECT_EQ(metric_sum(m, "estimate-num-keys", {{"store", "m-counts"}}), 37);
  // Each commit wrote each key updated since the one before, once.
  const double flushed =
      metric_sum(m, "flushed-records-total", {{"store", "m-counts"}});
  EXPECT_GE(flushed, 37);
  EXPECT_LE(flushed, 500);
  EXPECT_GT(metric_sum(m, "cache-size-bytes", {{"store", "m-counts"}}), 0);
  // Every record spent at least the peek's 3 ms between poll and done.
  const double p50 = metric_sum(m, "process-latency-p50-ms");
  EXPECT_GE(p50, 3.0);
  EXPECT_LT(p50, 1000.0);
  EXPECT_GE(metric_sum(m, "process-latency-p99-ms"), p50);
  EXPECT_GE(metric_sum(m, "process-latency-max-ms"),
            metric_sum(m, "process-latency-p99-ms"));
  // ...and zero on both partitions once everything is processed.
  EXPECT_EQ(metric_sum(m, "records-lag", {{"topic", "m-in"}}), 0);
  int partitions = 0;
  for (const auto& v : m) partitions += v.name == "records-lag" ? 1 : 0;
  EXPECT_EQ(partitions, 2);
  s.close(30s);
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// Final 10 s window counts, and how late records are treated after a restart
// or a lost state.dir: the stream time comes back with the store.
TEST(StreamTimeIntegrationTest, LateRecordsStayLateAcrossRestartsAndRestores) {
  EmbeddedCluster cluster(1);
  ASSERT_TRUE(cluster.create_topic("st-in", 1).ok());
  ASSERT_TRUE(cluster.create_topic("st-out", 1).ok());
  const auto dir = std::filesystem::temp_directory_path() /
                   ("sluice-stream-time-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto topology = [] {
    StreamsBuilder b;
    b.stream("st-in", Consumed::with(Serdes::string(), Serdes::string()))
        .group_by_key()
        .windowed_by(TimeWindows::of_size(10s))
        .emit_final()
        .count(Materialized::as("final-counts"))
        .to_stream()
        .to("st-out", Produced::with(windowed_serde(Serdes::string(), 10'000),
                                     Serdes::int64()));
    return b.build().value();
  };
  const StreamsConfig config(
      {{"application.id", "stream-time-app"},
       {"bootstrap.servers", cluster.bootstrap_servers()},
       {"state.dir", dir.string()},
       {"commit.interval.ms", "100"},
       // The mock cluster waits for the session
       // timeout of a member that left.
       {"consumer.session.timeout.ms", "6000"},
       {"consumer.heartbeat.interval.ms", "500"}});
  auto send = [&](std::int64_t at_s) {
    testing::Message m;
    m.key = "sensor";
    m.value = "x";
    m.timestamp_ms = kBaseTime + at_s * 1000;
    testing::produce(cluster.bootstrap_servers(), "st-in", {m});
  };
  auto run_until = [&](double processed, double late) {
    KafkaStreams s(topology(), config);
    EXPECT_TRUE(s.start().ok());
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while ((group_metric_sum(s.metrics(), "stream-task-metrics",
                             "process-total") < processed ||
            metric_sum(s.metrics(), "late-records-total") < late) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(
        group_metric_sum(s.metrics(), "stream-task-metrics", "process-total"),
        processed);
    EXPECT_EQ(metric_sum(s.metrics(), "late-records-total"), late);
    std::this_thread::sleep_for(300ms);  // a commit
    EXPECT_TRUE(s.close(60s));
  };
  for (std::int64_t t = 0; t <= 60; t += 5) send(t);  // windows 0..50 close
  run_until(13, 0);
  // Restart with the same state.dir: 3 s is in the closed window [0, 10).
  send(3);
  run_until(1, 1);
  // State lost: the restored store brings the stream time back too.
  std::filesystem::remove_all(dir);
  send(4);
  run_until(1, 1);
  // Every window was emitted once, with the count of the records on time.
  const auto out =
      testing::read_topic(cluster.bootstrap_servers(), "st-out", 6, 10s);
  ASSERT_EQ(out.size(), 6u);
  for (const auto& m : out) {
    EXPECT_EQ(Serdes::int64().deserialize(m.value.value_or("")), 2);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sluice
