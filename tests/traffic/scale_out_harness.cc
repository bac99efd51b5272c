#include "scale_out_harness.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>
#include <vector>

#include "sluice/testing/test_client.h"
#include "traffic/core/generator.h"

namespace traffic::testing {

using Message = sluice::testing::Message;
using namespace std::chrono_literals;

namespace {

std::string topic(const std::string& prefix, const std::string& what) {
  return prefix + "-" + what;
}

// Waits until the broker's metadata shows every topic with `partitions`
// partitions: CreateTopics returns before that, and traffic-processor
// refuses to start while its input topic is unknown.
bool wait_for_topics(const std::string& bootstrap,
                     const std::vector<std::string>& topics, int partitions) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), error,
                    sizeof error);
  std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> client(
      rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error),
      rd_kafka_destroy);
  if (!client) return false;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    const rd_kafka_metadata_t* metadata = nullptr;
    std::size_t complete = 0;
    if (rd_kafka_metadata(client.get(), 1, nullptr, &metadata, 5000) ==
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      for (int i = 0; i < metadata->topic_cnt; ++i) {
        const rd_kafka_metadata_topic_t& t = metadata->topics[i];
        if (t.err == RD_KAFKA_RESP_ERR_NO_ERROR &&
            t.partition_cnt == partitions &&
            std::find(topics.begin(), topics.end(), t.topic) != topics.end()) {
          ++complete;
        }
      }
      rd_kafka_metadata_destroy(metadata);
    }
    if (complete == topics.size()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

}  // namespace

ScaleOutHarness::ScaleOutHarness(const std::string& name,
                                 ScaleOutOptions options)
    : options_(std::move(options)),
      prefix_(name + "-" + std::to_string(::getpid()) + "-" +
              std::to_string(wall_ms())),
      work_dir_(std::filesystem::temp_directory_path() / prefix_),
      begin_(std::chrono::steady_clock::now()) {
  std::filesystem::create_directories(work_dir_);
  std::vector<std::string> topics;
  for (const char* t : {"raw", "events", "dlq", "aggregates", "late"}) {
    topics.push_back(topic(prefix_, t));
  }
  sluice::testing::create_topics(options_.bootstrap, topics,
                                 options_.partitions);
  EXPECT_TRUE(wait_for_topics(options_.bootstrap, topics, options_.partitions))
      << "the topics did not appear in the metadata within 60 s";
  LiveFeedOptions feed;
  feed.bootstrap = options_.bootstrap;
  feed.topic = topic(prefix_, "raw");
  feed.records_per_second = options_.records_per_second;
  feed.feed.generator.seed = options_.seed;
  feed.feed.generator.scenario = Scenario::kSensorFaults;
  feed.feed.generator.fault_share = options_.fault_share;
  feed.feed.late_share = 0;
  // Simulated time starts 12 h ago: the run sends fewer than 144 rounds,
  // and the closing round (grace + 10 min after the last reading) stays in
  // the past too (brokers refuse records from more than an hour ahead).
  const std::int64_t start = wall_ms() - 12 * 3600 * 1000;
  feed.feed.generator.start_time_ms = start - start % kReadingIntervalMs;
  feed_ = std::make_unique<LiveFeed>(std::move(feed));
  say("topics " + prefix_ + "-* with " + std::to_string(options_.partitions) +
      " partitions; logs in " + work_dir_.string());
}

ScaleOutHarness::~ScaleOutHarness() {
  (void)feed_->stop();
  members_.clear();  // SIGKILLs what still runs
  if (!::testing::Test::HasFailure()) std::filesystem::remove_all(work_dir_);
}

ProcessorProcess& ScaleOutHarness::member(const std::string& client_id) {
  auto it = members_.find(client_id);
  if (it != members_.end()) return *it->second;
  const int port = free_port();
  const auto grace = std::to_string(options_.window_grace.count()) + "m";
  const auto retention =
      std::to_string(options_.window_retention.count()) + "m";
  std::vector<std::string> args = {
      "--brokers",
      options_.bootstrap,
      "--group-id",
      prefix_ + "-app",
      "--client-id",
      client_id,
      "--input-topic",
      topic(prefix_, "raw"),
      "--output-topic",
      topic(prefix_, "events"),
      "--dlq-topic",
      topic(prefix_, "dlq"),
      "--agg-topic",
      topic(prefix_, "aggregates"),
      "--late-topic",
      topic(prefix_, "late"),
      "--health-port",
      std::to_string(port),
      "--state-dir",
      (work_dir_ / ("state-" + client_id)).string(),
      "--processing-guarantee",
      "exactly_once_v2",
      "--window-grace",
      grace,
      "--window-retention",
      retention,
      // A dead member leaves the group after 6 s instead of 45 s.
      "--streams-config",
      "consumer.session.timeout.ms=6000",
      "--streams-config",
      "consumer.heartbeat.interval.ms=1000",
  };
  auto process = std::make_unique<ProcessorProcess>(
      client_id, options_.program, std::move(args),
      work_dir_ / (client_id + ".log"), port);
  return *members_.emplace(client_id, std::move(process)).first->second;
}

double ScaleOutHarness::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       begin_)
      .count();
}

void ScaleOutHarness::say(const std::string& what) const {
  std::printf("[%6.1f s] %s\n", elapsed(), what.c_str());
  std::fflush(stdout);
}

void ScaleOutHarness::close_and_drain(std::chrono::seconds timeout) {
  std::string error = feed_->stop();
  ASSERT_EQ(error, "");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // The closing round moves every repartition partition's stream time past
  // all windows. Sent while a partition of the input still waits for a new
  // owner (a member killed a moment ago), it would overtake that
  // partition's readings in the repartition topic and make them late:
  // legitimately, as in Kafka Streams. So it goes only once the first stage
  // has passed every reading on (events and the repartition records commit
  // in the same transactions).
  const Truth& truth = feed_->truth();
  if (!wait_for_outputs({{"events", truth.valid}, {"dlq", truth.invalid()}},
                        deadline, timeout)) {
    return;  // check_outputs() tells what is missing
  }
  const std::int64_t gap =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          options_.window_grace + 2 * std::chrono::minutes(5))
          .count();
  error = feed_->send_closing_round(gap);
  ASSERT_EQ(error, "");
  say("feed stopped: " + std::to_string(truth.sent()) +
      " readings sent (with the closing round); waiting for the outputs");
  if (wait_for_outputs({{"aggregates", truth.windows.size()},
                        {"events", truth.valid},
                        {"dlq", truth.invalid()}},
                       deadline, timeout)) {
    say("outputs complete");
  }
}

bool ScaleOutHarness::wait_for_outputs(
    const std::vector<std::pair<std::string, std::size_t>>& expected,
    std::chrono::steady_clock::time_point deadline,
    std::chrono::seconds timeout) const {
  for (const auto& [what, n] : expected) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    const auto got = sluice::testing::read_topic(
        options_.bootstrap, topic(prefix_, what), n, std::max(left, 1000ms));
    EXPECT_GE(got.size(), n)
        << what << " incomplete after " << timeout.count() << " s";
    if (got.size() < n) return false;
  }
  return true;
}

void ScaleOutHarness::stop_all() {
  for (auto& [id, process] : members_) {
    if (!process->running()) continue;
    const std::optional<int> status = process->stop(SIGTERM, 60s);
    ASSERT_TRUE(status) << id << " did not exit within 60 s of SIGTERM\n"
                        << process->log_tail(40);
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
        << id << " wait status " << *status << "\n"
        << process->log_tail(40);
    say(id + " stopped (SIGTERM)");
  }
}

void ScaleOutHarness::check_outputs() {
  const Truth& truth = feed_->truth();
  const std::string& b = options_.bootstrap;
  const auto events = sluice::testing::read_topic(b, topic(prefix_, "events"),
                                                  truth.valid, 60s, 2s);
  const auto dlq = sluice::testing::read_topic(b, topic(prefix_, "dlq"),
                                               truth.invalid(), 60s, 2s);
  const auto aggregates = sluice::testing::read_topic(
      b, topic(prefix_, "aggregates"), truth.windows.size(), 60s, 2s);
  const auto late =
      sluice::testing::read_topic(b, topic(prefix_, "late"), 0, 3s, 2s);
  std::map<std::string, std::size_t> by_member;
  for (const Message& m : events) {
    const auto json =
        nlohmann::json::parse(m.value.value_or("{}"), nullptr, false);
    if (json.contains("processor_id")) {
      ++by_member[json["processor_id"].get<std::string>()];
    }
  }
  std::string figures = "read back: events " + std::to_string(events.size()) +
                        " of " + std::to_string(truth.valid) + ", dlq " +
                        std::to_string(dlq.size()) + " of " +
                        std::to_string(truth.invalid()) + ", windows " +
                        std::to_string(aggregates.size()) + " of " +
                        std::to_string(truth.windows.size()) + ", late " +
                        std::to_string(late.size()) + "; events by member:";
  for (const auto& [id, n] : by_member) {
    figures += " " + id + "=" + std::to_string(n);
  }
  say(figures);
  for (const auto& [id, process] : members_) {
    say(id + ": " + std::to_string(process->starts()) + " start(s), " +
        std::to_string(process->count_in_log("transaction aborted")) +
        " aborted transaction(s), " +
        std::to_string(process->count_in_log("fenced")) +
        " line(s) about fencing");
  }
  std::set<std::string> ids;
  for (const auto& [id, process] : members_) ids.insert(id);
  EXPECT_EQ(events.size(), truth.valid);
  EXPECT_EQ(dlq.size(), truth.invalid());
  EXPECT_EQ(late.size(), 0u) << "readings late although the grace covers "
                                "every stall";
  check_each_reading_once(events, dlq, truth);
  check_events(events, truth, ids);
  check_dead_letters(dlq, truth, topic(prefix_, "raw"));
  check_windows(aggregates, truth);
  if (::testing::Test::HasFailure()) std::printf("%s", log_tails().c_str());
}

std::string ScaleOutHarness::log_tails(std::size_t lines) const {
  std::string out;
  for (const auto& [id, process] : members_) {
    out += "---- last lines of " + id + "'s log:\n" + process->log_tail(lines);
  }
  return out;
}

}  // namespace traffic::testing
