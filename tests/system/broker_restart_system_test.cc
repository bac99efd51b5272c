// The broker process stops and starts again in the middle of a run (label
// system). The test runs its own single-node Kafka (scripts/kafka-local.sh,
// port SLUICE_RESTART_KAFKA_PORT, data in SLUICE_RESTART_KAFKA_DIR), not the
// shared `kafka` fixture, because stopping that one would break the other
// system tests. Two applications work through their input at the same time,
// one under exactly_once_v2 and one under at_least_once; the broker is
// stopped (SIGTERM, data kept) while both have work in hand, stays down for
// a while, and is started again. Both must come back to RUNNING by
// themselves; a read_committed reader must then find every output of the
// exactly-once application exactly once (and its final per-key counts and
// sums exact), and every output of the at-least-once one at least once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crash_topology.h"
#include "sluice/testing/test_client.h"
#include "system_test_util.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

const std::string kPort = env_or("SLUICE_RESTART_KAFKA_PORT", "19692");
const std::string kDir =
    env_or("SLUICE_RESTART_KAFKA_DIR", "/tmp/sluice-kafka-restart-test");
const std::string kBootstrap = "127.0.0.1:" + kPort;

// Runs scripts/kafka-local.sh `command` on this test's broker.
int broker(const std::string& command) {
  const std::string line = "SLUICE_KAFKA_PORT=" + kPort +
                           " SLUICE_KAFKA_DIR=" + kDir + " " +
                           SLUICE_KAFKA_SCRIPT + " " + command + " >&2";
  const auto started = std::chrono::steady_clock::now();
  const int rc = std::system(line.c_str());
  std::fprintf(
      stderr, "broker %s: exit %d after %.1f s\n", command.c_str(), rc,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count());
  return rc;
}

// One application and what its output must be.
struct App {
  std::string prefix;
  std::string guarantee;
  std::multiset<std::int64_t> passed;  // expected outputs, each once
  std::map<std::string, std::int64_t> counts;
  std::map<std::string, std::int64_t> sums;
  std::size_t invalid = 0;
  std::unique_ptr<KafkaStreams> streams;
  std::atomic<int> errors{0};
};

// Input: key k<i % 97>, value i; every 1000th record is not an int64 (it
// goes to the dead-letter topic).
void produce_input(App& app, std::int64_t n) {
  std::vector<testing::Message> in;
  for (std::int64_t i = 0; i < n; ++i) {
    testing::Message m;
    m.key = "k" + std::to_string(i % 97);
    if (i % 1000 == 999) {
      m.value = "bad";
      ++app.invalid;
    } else {
      m.value = test::int64_bytes(i);
      if (i % 3 != 0) app.passed.insert(2 * i);
      app.counts[*m.key]++;
      app.sums[*m.key] += i;
    }
    in.push_back(std::move(m));
  }
  const std::string& p = app.prefix;
  testing::create_topics(
      kBootstrap,
      {p + "-in", p + "-passed", p + "-counts", p + "-sums", p + "-dlq"}, 4);
  testing::produce(kBootstrap, p + "-in", in);
}

void start(App& app, const std::filesystem::path& state_dir) {
  auto props = test::crash_config(kBootstrap, app.prefix, app.guarantee,
                                  (state_dir / app.prefix).string());
  app.streams = std::make_unique<KafkaStreams>(
      test::crash_topology(app.prefix, 400), StreamsConfig(props));
  app.streams->set_state_listener([&app](KafkaStreams::State now, auto) {
    if (now == KafkaStreams::State::kError) ++app.errors;
  });
  ASSERT_TRUE(app.streams->start().ok());
}

// The last value per key of a table-like output topic.
std::map<std::string, std::int64_t> last_values(const std::string& topic) {
  std::map<std::string, std::int64_t> out;
  for (const auto& m : testing::read_topic(kBootstrap, topic, 1, 60s, 2s)) {
    out[*m.key] = Serdes::int64().deserialize(*m.value);
  }
  return out;
}

// Checks what a read_committed reader sees; returns the number of duplicate
// pass-through outputs.
std::size_t check_outputs(const App& app) {
  std::multiset<std::int64_t> seen;
  // Where each output is, to tell an output written twice (two offsets)
  // from one read twice (one offset).
  std::map<std::int64_t, std::vector<std::string>> where;
  for (const auto& m : testing::read_topic(kBootstrap, app.prefix + "-passed",
                                           app.passed.size(), 120s, 2s)) {
    const std::int64_t v = Serdes::int64().deserialize(*m.value);
    seen.insert(v);
    where[v].push_back(std::to_string(m.partition) + "@" +
                       std::to_string(m.offset));
  }
  // At-least-once is allowed duplicates; exactly-once ones are shown, with
  // the batches of their partitions as stored (producer epochs and
  // transaction markers tell how they came about).
  const bool eos = app.guarantee == "exactly_once_v2";
  int shown = eos ? 0 : 5;
  std::set<std::string> partitions;
  for (const auto& [v, at] : where) {
    if (at.size() < 2) continue;
    for (const std::string& a : at) {
      if (eos) partitions.insert(a.substr(0, a.find('@')));
    }
    if (shown++ >= 5) continue;
    std::string list;
    for (const std::string& a : at) list += " " + a;
    std::fprintf(stderr, "%s: output %lld appears %zu times, at%s\n",
                 app.guarantee.c_str(), static_cast<long long>(v), at.size(),
                 list.c_str());
  }
  for (const std::string& p : partitions) {
    broker("batches " + app.prefix + "-passed " + p);
  }
  const std::set<std::int64_t> distinct(seen.begin(), seen.end());
  const std::set<std::int64_t> expected(app.passed.begin(), app.passed.end());
  EXPECT_TRUE(distinct == expected)
      << app.guarantee << ": " << expected.size() - distinct.size()
      << " outputs missing (or unexpected ones present)";
  const std::size_t duplicates = seen.size() - distinct.size();
  const auto dlq = testing::read_topic(kBootstrap, app.prefix + "-dlq",
                                       app.invalid, 60s, 2s);
  if (app.guarantee == "exactly_once_v2") {
    EXPECT_EQ(duplicates, 0u);
    EXPECT_EQ(last_values(app.prefix + "-counts"), app.counts);
    EXPECT_EQ(last_values(app.prefix + "-sums"), app.sums);
    EXPECT_EQ(dlq.size(), app.invalid);
  } else {
    EXPECT_GE(dlq.size(), app.invalid);
  }
  return duplicates;
}

class BrokerRestartSystemTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_EQ(broker("start"), 0); }
  static void TearDownTestSuite() { broker("stop --wipe"); }
};

TEST_F(BrokerRestartSystemTest, BothGuaranteesHoldAcrossABrokerRestart) {
  const auto state_dir =
      std::filesystem::temp_directory_path() / test::unique("broker-restart");
  App eos;
  eos.prefix = test::unique("restart-eos");
  eos.guarantee = "exactly_once_v2";
  App alos;
  alos.prefix = test::unique("restart-alos");
  alos.guarantee = "at_least_once";
  constexpr std::int64_t kRecords = 20'000;  // ~8 s of work each
  for (App* app : {&eos, &alos}) produce_input(*app, kRecords);
  for (App* app : {&eos, &alos}) start(*app, state_dir);

  // Stop the broker once both are well into their input.
  const auto deadline = std::chrono::steady_clock::now() + 90s;
  auto processed = [](const App& a) {
    return group_metric_sum(a.streams->metrics(), "stream-task-metrics",
                            "process-total");
  };
  while ((processed(eos) < 2000 || processed(alos) < 2000) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_GE(processed(eos), 2000);
  ASSERT_GE(processed(alos), 2000);
  const double eos_before = processed(eos);
  const double alos_before = processed(alos);
  ASSERT_EQ(broker("stop"), 0);
  std::this_thread::sleep_for(5s);
  ASSERT_EQ(broker("start"), 0);
  std::printf(
      "broker stopped after %.0f (eos) and %.0f (alos) of %lld "
      "records\n",
      eos_before, alos_before, static_cast<long long>(kRecords));
  EXPECT_LT(eos_before, kRecords);
  EXPECT_LT(alos_before, kRecords);

  // Both finish by themselves and are RUNNING. A thread may wait up to
  // 130 s for the committed offsets (runtime/offsets_patience.h) while the
  // group coordinator comes back, hence more than that here.
  for (App* app : {&eos, &alos}) {
    (void)testing::read_topic(kBootstrap, app->prefix + "-passed",
                              app->passed.size(), 240s, 3s);
    EXPECT_TRUE(
        app->streams->wait_for_state(KafkaStreams::State::kRunning, 30s))
        << app->guarantee << ": " << state_name(app->streams->state()) << " "
        << app->streams->error_message();
    EXPECT_EQ(app->errors.load(), 0) << app->streams->error_message();
  }
  const double eos_failed_commits =
      metric_sum(eos.streams->metrics(), "commit-failed-total");
  for (App* app : {&eos, &alos}) EXPECT_TRUE(app->streams->close(60s));

  const std::size_t eos_duplicates = check_outputs(eos);
  const std::size_t alos_duplicates = check_outputs(alos);
  std::printf(
      "after the restart: exactly_once_v2 %zu duplicates (%.0f failed "
      "commits), at_least_once %zu duplicates of %zu outputs\n",
      eos_duplicates, eos_failed_commits, alos_duplicates, alos.passed.size());
  std::filesystem::remove_all(state_dir);
}

}  // namespace
}  // namespace sluice
