#include "end_to_end.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "e2e_checks.h"
#include "sluice/sluice.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"
#include "traffic/dead_letter.h"
#include "traffic/http_server.h"
#include "traffic/kafka_producer.h"
#include "traffic/reading_feed.h"
#include "traffic/status_endpoints.h"
#include "traffic/topology.h"
#include "traffic/window_result.h"

namespace traffic::testing {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;
using Message = sluice::testing::Message;
using namespace std::chrono_literals;

double windowed_processed(const sluice::KafkaStreams& streams) {
  double n = 0;
  for (const sluice::MetricValue& m : streams.metrics()) {
    const auto it = m.tags.find("task-id");
    if (m.name == "process-total" && m.group == "stream-task-metrics" &&
        it != m.tags.end() && it->second.rfind("0_", 0) != 0) {
      n += m.value;
    }
  }
  return n;
}

// promtool must accept the page; returns its output on failure.
void check_with_promtool(const std::string& page) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("traffic-metrics-" + std::to_string(::getpid()) + ".txt");
  std::ofstream(file) << page;
  const std::string command =
      "promtool check metrics < " + file.string() + " 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = ::pclose(pipe);
  std::filesystem::remove(file);
  EXPECT_EQ(status, 0) << "promtool (Debian package prometheus) rejects "
                          "/metrics:\n"
                       << output;
}

void check_http(int port, const Truth& truth, std::uint64_t sent) {
  httplib::Client http("127.0.0.1", port);
  auto ready = http.Get("/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  auto stats = http.Get("/stats");
  ASSERT_TRUE(stats);
  EXPECT_EQ(Json::parse(stats->body)["messagesProcessed"], sent);
  auto metrics = http.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(
      metrics->body.find("traffic_readings_total " + std::to_string(sent)),
      std::string::npos);
  check_with_promtool(metrics->body);

  // A sensor's windows: its closed ones and the closing round's open one.
  const std::string sensor = truth.windows.begin()->first.first;
  std::vector<std::pair<WindowKey, WindowAggregate>> expected;
  for (const auto* map : {&truth.windows, &truth.open}) {
    for (const auto& [key, aggregate] : *map) {
      if (key.first == sensor) expected.emplace_back(key, aggregate);
    }
  }
  auto answer = http.Get("/sensors/" + sensor);
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  const Json body = Json::parse(answer->body);
  EXPECT_EQ(body["sensor_id"], sensor);
  ASSERT_EQ(body["windows"].size(), expected.size()) << answer->body;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto w = parse_window_result(body["windows"][i].dump());
    ASSERT_TRUE(w);
    EXPECT_EQ(w->window_start_ms, expected[i].first.second);
    expect_same(expected[i].second, *w, sensor);
  }
  auto unknown = http.Get("/sensors/000000");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

}  // namespace

void run_end_to_end(const EndToEndOptions& o) {
  static int run = 0;
  const std::string suffix =
      "-" + std::to_string(::getpid()) + "-" + std::to_string(++run);
  TopologyOptions topo;
  topo.input_topic = "traffic-raw" + suffix;
  topo.output_topic = "traffic-events" + suffix;
  topo.dlq_topic = "traffic-dlq" + suffix;
  topo.agg_topic = "traffic-aggregates" + suffix;
  topo.late_topic = "traffic-late" + suffix;
  topo.decode.processor_id = "traffic-e2e";
  const std::vector<std::string> topics = {topo.input_topic, topo.output_topic,
                                           topo.dlq_topic, topo.agg_topic,
                                           topo.late_topic};
  std::optional<sluice::testing::EmbeddedCluster> cluster;
  std::string bootstrap = o.bootstrap;
  if (bootstrap.empty()) {
    cluster.emplace(1);
    for (const auto& t : topics) {
      ASSERT_TRUE(cluster->create_topic(t, o.partitions).ok());
    }
    bootstrap = cluster->bootstrap_servers();
  } else {
    sluice::testing::create_topics(bootstrap, topics, o.partitions);
  }

  FeedOptions feed_options;
  feed_options.generator.seed = o.seed;
  feed_options.generator.scenario = Scenario::kSensorFaults;
  feed_options.generator.fault_share = o.fault_share;
  feed_options.late_share = o.late_share;
  // Simulated time ends about now: real brokers delete old records and
  // refuse ones from more than an hour ahead.
  const std::int64_t start = wall_ms() - (o.rounds + 4) * kReadingIntervalMs;
  feed_options.generator.start_time_ms = start - start % kReadingIntervalMs;
  ReadingFeed feed(feed_options);

  const std::filesystem::path state_dir =
      std::filesystem::temp_directory_path() / ("traffic-e2e" + suffix);
  auto metrics = std::make_shared<AppMetrics>();
  sluice::KafkaStreams streams(
      build_topology(topo, metrics),
      sluice::StreamsConfig{{"application.id", "traffic-e2e" + suffix},
                            {"bootstrap.servers", bootstrap},
                            {"processing.guarantee", o.guarantee},
                            {"commit.interval.ms", "100"},
                            {"num.stream.threads", std::to_string(o.threads)},
                            {"state.dir", state_dir.string()},
                            {"consumer.fetch.wait.max.ms", "10"}});
  StatusEndpoints endpoints(streams, metrics, topo, "traffic-e2e");
  StatusServer server(endpoints);
  ASSERT_TRUE(server.start("127.0.0.1", 0).ok());
  auto producer = KafkaProducer::create(bootstrap);
  ASSERT_TRUE(producer.ok()) << producer.status().to_string();
  ASSERT_TRUE(streams.start().ok());
  ASSERT_TRUE(
      streams.wait_for_state(sluice::KafkaStreams::State::kRunning, 60s));

  Truth truth;
  std::uint64_t sent = 0;
  auto send = [&](const FeedItem& item) {
    OutgoingMessage m = ReadingFeed::message(item);
    m.headers.emplace_back(std::string(kSentAtHeader),
                           std::to_string(wall_ms()));
    ASSERT_TRUE((*producer)->send(topo.input_topic, m).ok());
    truth.add(item);
    ++sent;
  };
  // Each round is processed by both sub-topologies before the next one is
  // sent: then only the held-back readings can be late.
  auto settle = [&] {
    ASSERT_TRUE((*producer)->flush(30s).ok());
    const auto deadline = Clock::now() + 60s;
    while (metrics->readings() < sent ||
           windowed_processed(streams) < static_cast<double>(truth.valid)) {
      ASSERT_LT(Clock::now(), deadline)
          << "processed " << metrics->readings() << " of " << sent;
      ASSERT_NE(streams.state(), sluice::KafkaStreams::State::kError)
          << streams.error_message();
      std::this_thread::sleep_for(5ms);
    }
  };
  const std::uint64_t total =
      static_cast<std::uint64_t>(o.rounds) * SensorCatalog::metr_la().size();
  std::int64_t round = feed.round();
  while (sent < total) {
    const FeedItem item = feed.next();
    if (item.round != round) {
      settle();
      round = item.round;
    }
    send(item);
  }
  settle();
  for (const FeedItem& item : feed.closing_round(15 * 60'000)) send(item);
  settle();
  const auto deadline = Clock::now() + 30s;
  while (metrics->windows_emitted() < truth.windows.size() &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  std::this_thread::sleep_for(300ms);  // a commit, for the query below
  check_http(server.port(), truth, sent);

  // The processor's own counts.
  EXPECT_EQ(metrics->readings(), sent);
  EXPECT_EQ(metrics->valid(), truth.valid);
  EXPECT_EQ(metrics->dead_lettered(), sent - truth.valid);
  std::map<std::string, double> reasons;
  for (const auto& [code, n] : metrics->dead_letter_reasons()) {
    reasons[code] = static_cast<double>(n);
  }
  EXPECT_EQ(reasons, truth.reasons);
  EXPECT_EQ(sluice::metric_sum(streams.metrics(), "late-records-total"),
            static_cast<double>(truth.delayed.size()));
  EXPECT_GT(truth.delayed.size(), 0u);
  EXPECT_EQ(metrics->windows_emitted(), truth.windows.size());
  EXPECT_TRUE(streams.close(30s));
  server.stop();
  std::filesystem::remove_all(state_dir);

  // What an independent read_committed reader finds in the topics.
  const std::uint64_t invalid = sent - truth.valid;
  const auto events = sluice::testing::read_topic(bootstrap, topo.output_topic,
                                                  truth.valid, 60s);
  const auto dlq =
      sluice::testing::read_topic(bootstrap, topo.dlq_topic, invalid, 60s);
  const auto aggregates = sluice::testing::read_topic(
      bootstrap, topo.agg_topic, truth.windows.size(), 60s);
  const auto late = sluice::testing::read_topic(bootstrap, topo.late_topic,
                                                truth.delayed.size(), 30s);
  ASSERT_EQ(events.size(), truth.valid);
  ASSERT_EQ(dlq.size(), invalid);
  check_each_reading_once(events, dlq, truth);
  check_events(events, truth, {"traffic-e2e"});
  check_dead_letters(dlq, truth, topo.input_topic);
  check_windows(aggregates, truth);
  std::set<std::uint64_t> late_seqs;
  for (const Message& m : late) late_seqs.insert(seq_of(m));
  EXPECT_EQ(late_seqs, truth.delayed);
}

}  // namespace traffic::testing
