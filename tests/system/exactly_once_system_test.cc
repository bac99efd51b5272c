// Exactly-once v2 against a real Kafka broker: SIGKILL crash test,
// at-least-once for contrast, fencing, and an aborted transaction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "crash_topology.h"
#include "sluice/testing/test_client.h"
#include "system_test_util.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using test::bootstrap;
using test::int64_bytes;
using test::unique;

// The input: key k<i % 97>, value i; every 1000th record is not an int64.
struct Truth {
  std::int64_t records = 0;
  std::multiset<std::int64_t> passed;  // expected outputs, each once
  std::map<std::string, std::int64_t> counts;
  std::map<std::string, std::int64_t> sums;
  std::size_t invalid = 0;
};

Truth produce_inputs(const std::string& prefix, std::int64_t n) {
  Truth truth;
  truth.records = n;
  std::vector<testing::Message> in;
  for (std::int64_t i = 0; i < n; ++i) {
    testing::Message m;
    m.key = "k" + std::to_string(i % 97);
    if (i % 1000 == 999) {
      m.value = "bad";
      ++truth.invalid;
    } else {
      m.value = int64_bytes(i);
      if (i % 3 != 0) truth.passed.insert(2 * i);
      truth.counts[*m.key]++;
      truth.sums[*m.key] += i;
    }
    in.push_back(std::move(m));
  }
  testing::create_topics(
      bootstrap(),
      {prefix + "-in", prefix + "-passed", prefix + "-counts", prefix + "-sums",
       prefix + "-dlq"},
      4);
  testing::produce(bootstrap(), prefix + "-in", in);
  return truth;
}

// What a read_committed consumer finds in the output topics.
struct Observed {
  std::multiset<std::int64_t> passed;
  std::map<std::string, std::int64_t> last_count;
  std::map<std::string, std::int64_t> last_sum;
  std::vector<testing::Message> dlq;
};

Observed observe(const std::string& prefix, const Truth& truth) {
  Observed o;
  for (const auto& m : testing::read_topic(bootstrap(), prefix + "-passed",
                                           truth.passed.size(), 120s, 2s)) {
    o.passed.insert(Serdes::int64().deserialize(*m.value));
  }
  // Per key, the last update in partition order is the final value.
  for (const auto& m :
       testing::read_topic(bootstrap(), prefix + "-counts", 1, 60s, 2s)) {
    o.last_count[*m.key] = Serdes::int64().deserialize(*m.value);
  }
  for (const auto& m :
       testing::read_topic(bootstrap(), prefix + "-sums", 1, 60s, 2s)) {
    o.last_sum[*m.key] = Serdes::int64().deserialize(*m.value);
  }
  o.dlq =
      testing::read_topic(bootstrap(), prefix + "-dlq", truth.invalid, 60s, 2s);
  return o;
}

std::size_t duplicates(const std::multiset<std::int64_t>& values);

// What exactly-once means for this application, as a read_committed reader
// sees it: every expected pass-through output once and nothing else, the last
// count and sum per key equal to the input's, and exactly the invalid inputs
// (each once, by source position) in the dead-letter topic.
void expect_exactly_once(const Observed& o, const Truth& truth) {
  EXPECT_EQ(duplicates(o.passed), 0u);
  EXPECT_EQ(o.passed.size(), truth.passed.size());
  EXPECT_TRUE(o.passed == truth.passed)
      << "outputs differ from the expected set";
  EXPECT_EQ(o.last_count, truth.counts);
  EXPECT_EQ(o.last_sum, truth.sums);
  ASSERT_EQ(o.dlq.size(), truth.invalid);
  std::set<std::string> dlq_positions;
  for (const auto& m : o.dlq) {
    EXPECT_EQ(m.value, "bad");
    dlq_positions.insert(m.headers.at("sluice.error.partition") + "@" +
                         m.headers.at("sluice.error.offset"));
  }
  EXPECT_EQ(dlq_positions.size(), truth.invalid);
}

std::size_t duplicates(const std::multiset<std::int64_t>& values) {
  std::size_t d = 0;
  for (auto it = values.begin(); it != values.end();
       it = values.upper_bound(*it)) {
    d += values.count(*it) - 1;
  }
  return d;
}

// The sum of the offsets the application's group committed on <prefix>-in,
// or -1 when the broker did not say.
std::int64_t committed_progress(const std::string& prefix) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap().c_str(), err,
                    sizeof err);
  rd_kafka_conf_set(conf, "group.id", (prefix + "-app").c_str(), err,
                    sizeof err);
  rd_kafka_t* c = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(4);
  for (int p = 0; p < 4; ++p)
    rd_kafka_topic_partition_list_add(parts, (prefix + "-in").c_str(), p);
  std::int64_t sum = -1;
  if (rd_kafka_committed(c, parts, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    sum = 0;
    for (int i = 0; i < parts->cnt; ++i)
      sum += std::max<std::int64_t>(parts->elems[i].offset, 0);
  }
  rd_kafka_topic_partition_list_destroy(parts);
  rd_kafka_destroy(c);
  return sum;
}

pid_t spawn_worker(const std::string& prefix, const std::string& guarantee,
                   const std::string& state_dir, long delay_us) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string delay = std::to_string(delay_us);
    execl(SLUICE_EOS_WORKER, "eos_worker", bootstrap().c_str(), prefix.c_str(),
          guarantee.c_str(), state_dir.c_str(), delay.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int stop(pid_t pid, int signo) {
  kill(pid, signo);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

// Runs the worker, kills it `kills` times at random moments, then lets a
// last one finish the input and stops it cleanly.
// Returns how many of the killed workers had made progress (committed
// offsets moved during their life).
int run_with_kills(const std::string& prefix, const std::string& guarantee,
                   int kills, std::int64_t expected_passed,
                   std::int64_t records) {
  const std::string state_dir =
      (std::filesystem::temp_directory_path() / prefix).string();
  std::mt19937 rng(20261128);
  std::uniform_int_distribution<int> after_ms(3000, 6000);
  int progressed = 0;
  std::int64_t before = 0;
  for (int i = 0; i < kills; ++i) {
    const pid_t pid = spawn_worker(prefix, guarantee, state_dir, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(after_ms(rng)));
    const int status = stop(pid, SIGKILL);
    EXPECT_TRUE(WIFSIGNALED(status))
        << "worker exited by itself before kill " << i;
    const std::int64_t after = std::max(committed_progress(prefix), before);
    std::printf("kill %2d: committed input offsets %lld of %lld\n", i + 1,
                static_cast<long long>(after), static_cast<long long>(records));
    if (after > before) ++progressed;
    before = after;
  }
  // The kills landed while there was work left to do.
  EXPECT_LT(before, records);
  const pid_t last = spawn_worker(prefix, guarantee, state_dir, 0);
  (void)testing::read_topic(bootstrap(), prefix + "-passed",
                            static_cast<std::size_t>(expected_passed), 180s,
                            3s);
  const int status = stop(last, SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "clean stop failed";
  std::filesystem::remove_all(state_dir);
  return progressed;
}

TEST(ExactlyOnceSystemTest, SurvivesTwelveKillsWithEveryOutputExactlyOnce) {
  const std::string prefix = unique("eos-crash");
  const Truth truth = produce_inputs(prefix, 200'000);
  const int progressed = run_with_kills(
      prefix, "exactly_once_v2", 12,
      static_cast<std::int64_t>(truth.passed.size()), truth.records);
  // Most killed workers had committed work of their own: the kills hit
  // running transactions, not idle processes.
  EXPECT_GE(progressed, 8);
  expect_exactly_once(observe(prefix, truth), truth);
}

// The same harness must see duplicates under at-least-once: proof that the
// exactly-once checks above can fail.
TEST(ExactlyOnceSystemTest, AtLeastOnceShowsDuplicatesUnderTheSameHarness) {
  const std::string prefix = unique("alos-crash");
  const Truth truth = produce_inputs(prefix, 60'000);
  (void)run_with_kills(prefix, "at_least_once", 4,
                       static_cast<std::int64_t>(truth.passed.size()),
                       truth.records);
  const Observed o = observe(prefix, truth);
  // Nothing is lost...
  std::set<std::int64_t> distinct(o.passed.begin(), o.passed.end());
  EXPECT_EQ(distinct.size(), truth.passed.size());
  // ...but killed work since the last commit (2 s) was done twice.
  EXPECT_GT(duplicates(o.passed), 0u);
}

TEST(ExactlyOnceSystemTest, ASecondInstanceWithTheSameIdentityFencesTheFirst) {
  const std::string prefix = unique("eos-fence");
  const Truth truth = produce_inputs(prefix, 40'000);
  const auto dir = std::filesystem::temp_directory_path() / prefix;
  auto props = test::crash_config(bootstrap(), prefix, "exactly_once_v2",
                                  (dir / "a").string());
  KafkaStreams first(test::crash_topology(prefix, 200), StreamsConfig(props));
  ASSERT_TRUE(first.start().ok());
  ASSERT_TRUE(first.wait_for_state(KafkaStreams::State::kRunning, 60s));
  std::this_thread::sleep_for(2s);  // let it commit some transactions
  props["state.dir"] = (dir / "b").string();
  KafkaStreams second(test::crash_topology(prefix), StreamsConfig(props));
  ASSERT_TRUE(second.start().ok());  // init_transactions fences the first
  ASSERT_TRUE(first.wait_for_state(KafkaStreams::State::kError, 60s));
  EXPECT_THAT(first.error_message(), ::testing::HasSubstr("same instance.id"));
  (void)testing::read_topic(bootstrap(), prefix + "-passed",
                            truth.passed.size(), 120s, 3s);
  second.close(60s);
  first.close(10s);
  expect_exactly_once(observe(prefix, truth), truth);
  std::filesystem::remove_all(dir);
}

TEST(ExactlyOnceSystemTest,
     AnAbortedTransactionLeavesNothingVisibleAndIsProcessedAgain) {
  const std::string prefix = unique("eos-abort");
  const Truth truth = produce_inputs(prefix, 20'000);
  const auto dir = std::filesystem::temp_directory_path() / prefix;
  auto props =
      test::crash_config(bootstrap(), prefix, "exactly_once_v2", dir.string());
  props["processing.exception.handler"] = "fail";
  static std::atomic<bool> thrown{false};
  thrown = false;
  {
    // Fails once, in the middle of a transaction, at input 12345 - after a
    // pause, so that the transaction's earlier records reach the broker.
    KafkaStreams failing(
        test::crash_topology(prefix, 0,
                             [](std::int64_t v) {
                               if (v == 12345 && !thrown.exchange(true)) {
                                 std::this_thread::sleep_for(500ms);
                                 throw std::runtime_error("injected failure");
                               }
                             }),
        StreamsConfig(props));
    ASSERT_TRUE(failing.start().ok());
    ASSERT_TRUE(failing.wait_for_state(KafkaStreams::State::kError, 60s));
    EXPECT_THAT(failing.error_message(),
                ::testing::HasSubstr("injected failure"));
    failing.close(10s);
  }
  // The aborted records were written (a read_uncommitted reader sees more)
  // but are invisible to read_committed readers, and nothing is doubled.
  const auto committed =
      testing::read_topic(bootstrap(), prefix + "-passed", 0, 10s, 2s);
  const auto uncommitted =
      testing::read_topic(bootstrap(), prefix + "-passed", 0, 10s, 2s, false);
  EXPECT_GT(uncommitted.size(), committed.size());
  std::multiset<std::int64_t> seen;
  for (const auto& m : committed)
    seen.insert(Serdes::int64().deserialize(*m.value));
  EXPECT_EQ(duplicates(seen), 0u);
  EXPECT_EQ(seen.count(2 * 12345), 0u);
  {
    KafkaStreams again(test::crash_topology(prefix), StreamsConfig(props));
    ASSERT_TRUE(again.start().ok());
    (void)testing::read_topic(bootstrap(), prefix + "-passed",
                              truth.passed.size(), 120s, 3s);
    again.close(60s);
  }
  expect_exactly_once(observe(prefix, truth), truth);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

using namespace std::chrono_literals;

// A thread that stalls past transaction.timeout.ms (and the broker's 10 s
// sweep of timed-out transactions) has its transaction
// aborted by the coordinator; the commit then fails, the thread rebuilds its
// tasks from committed state and processes the records again, without
// stopping and without duplicates.
TEST(ExactlyOnceSystemTest, ATimedOutTransactionIsAbortedAndProcessedAgain) {
  const std::string prefix = test::unique("eos-timeout");
  const Truth truth = produce_inputs(prefix, 20'000);
  const auto dir = std::filesystem::temp_directory_path() / prefix;
  auto props = test::crash_config(test::bootstrap(), prefix, "exactly_once_v2",
                                  dir.string());
  props["producer.transaction.timeout.ms"] = "3000";
  static std::atomic<bool> stalled{false};
  stalled = false;
  KafkaStreams streams(
      test::crash_topology(prefix, 0,
                           [](std::int64_t v) {
                             if (v == 4321 && !stalled.exchange(true)) {
                               std::this_thread::sleep_for(14s);
                             }
                           }),
      StreamsConfig(props));
  ASSERT_TRUE(streams.start().ok());
  (void)testing::read_topic(test::bootstrap(), prefix + "-passed",
                            truth.passed.size(), 120s, 3s);
  EXPECT_NE(streams.state(), KafkaStreams::State::kError)
      << streams.error_message();
  EXPECT_TRUE(stalled.load());
  EXPECT_GE(metric_sum(streams.metrics(), "commit-failed-total"), 1);
  streams.close(60s);
  expect_exactly_once(observe(prefix, truth), truth);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sluice
