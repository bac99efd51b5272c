// traffic-demo: the main job (scripts/run-demo.sh). Starts an embedded
// Kafka cluster (or uses --brokers), runs the traffic topology and feeds it
// a morning rush with a few faulty and a few late readings, one simulated
// 5-minute round at a time, with a live progress line; then prints what
// happened and checks the accounting. Exit codes: 0 when every reading is
// accounted for as generated, 1 otherwise, 2 for bad arguments.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "sluice/sluice.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"
#include "traffic/allocator.h"
#include "traffic/core/iso8601.h"
#include "traffic/core/scenario.h"
#include "traffic/demo_report.h"
#include "traffic/guarded_main.h"
#include "traffic/http_server.h"
#include "traffic/kafka_producer.h"
#include "traffic/progress_line.h"
#include "traffic/reading_feed.h"
#include "traffic/status_endpoints.h"
#include "traffic/topology.h"

namespace {

using Clock = std::chrono::steady_clock;
using State = sluice::KafkaStreams::State;
using namespace std::chrono_literals;

struct Args {
  std::string brokers;  // empty: embedded
  std::uint64_t readings = 3000;
  std::uint64_t seed = 1;
  std::string scenario = "morning_rush";
  double fault_share = 0.05;
  double late_share = 0.005;
  std::string guarantee;  // empty: by cluster
  int partitions = 4;
  int threads = 1;
  int health_port = -1;  // < 0: no HTTP
  bool quiet = false;
};

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Records processed by the tasks of the windowed sub-topology (ids "1_*").
double windowed_processed(const std::vector<sluice::MetricValue>& metrics) {
  double n = 0;
  for (const sluice::MetricValue& m : metrics) {
    const auto it = m.tags.find("task-id");
    if (m.name == "process-total" && m.group == "stream-task-metrics" &&
        it != m.tags.end() && it->second.rfind("0_", 0) != 0) {
      n += m.value;
    }
  }
  return n;
}

// Waits until `done()` or `timeout`; false on timeout or an ERROR state.
template <typename F>
bool wait_for(const sluice::KafkaStreams& streams, F done,
              std::chrono::milliseconds timeout, traffic::ProgressLine& line,
              const std::function<std::string()>& text) {
  const auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() > deadline || streams.state() == State::kError) {
      return false;
    }
    line.update(text());
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

int run(const Args& a) {
  const Clock::time_point run_started = Clock::now();
  sluice::set_log_level(sluice::LogLevel::kWarn);
  const bool embedded = a.brokers.empty();
  // On a real cluster every run gets its own topics and application id.
  const std::string suffix =
      embedded ? "" : "-" + std::to_string(wall_ms() % 100'000'000);
  traffic::TopologyOptions topo;
  topo.input_topic = "traffic-raw" + suffix;
  topo.output_topic = "traffic-events" + suffix;
  topo.dlq_topic = "traffic-dlq" + suffix;
  topo.agg_topic = "traffic-aggregates" + suffix;
  topo.late_topic = "traffic-late" + suffix;
  topo.decode.processor_id = "traffic-demo";
  const std::string guarantee =
      !a.guarantee.empty() ? a.guarantee
                           : (embedded ? "at_least_once" : "exactly_once_v2");

  std::optional<sluice::testing::EmbeddedCluster> cluster;
  std::string brokers = a.brokers;
  const std::vector<std::string> topics = {topo.input_topic, topo.output_topic,
                                           topo.dlq_topic, topo.agg_topic,
                                           topo.late_topic};
  if (embedded) {
    cluster.emplace(1);
    for (const auto& t : topics) {
      cluster->create_topic(t, a.partitions).throw_if_error();
    }
    brokers = cluster->bootstrap_servers();
  } else {
    sluice::testing::create_topics(brokers, topics, a.partitions);
  }
  std::printf(
      "traffic-demo: %s, %llu readings (seed %llu), on %s Kafka at %s"
      ", %s%s\n",
      a.scenario.c_str(), static_cast<unsigned long long>(a.readings),
      static_cast<unsigned long long>(a.seed), embedded ? "an embedded" : "the",
      brokers.c_str(), guarantee.c_str(),
      embedded && guarantee == "at_least_once"
          ? " (the embedded cluster cannot do transactions; "
            "--brokers runs exactly_once_v2)"
          : "");

  // The feed: simulated time ends about now (real brokers refuse records
  // timestamped over an hour ahead, and delete old ones).
  traffic::FeedOptions feed_options;
  feed_options.generator.seed = a.seed;
  feed_options.generator.scenario = *traffic::parse_scenario(a.scenario);
  feed_options.generator.fault_share = a.fault_share;
  feed_options.late_share = a.late_share;
  const auto sensors =
      static_cast<std::int64_t>(traffic::SensorCatalog::metr_la().size());
  const std::int64_t gap = 15 * traffic::kMillisPerMinute;
  const std::int64_t span =
      (static_cast<std::int64_t>(a.readings) / sensors + 1) *
          traffic::kReadingIntervalMs +
      gap;
  const std::int64_t start = wall_ms() - span;
  feed_options.generator.start_time_ms =
      start - start % traffic::kReadingIntervalMs;
  traffic::ReadingFeed feed(feed_options);

  const std::filesystem::path state_dir =
      std::filesystem::temp_directory_path() /
      ("traffic-demo-" + std::to_string(::getpid()));
  auto metrics = std::make_shared<traffic::AppMetrics>();
  sluice::KafkaStreams streams(
      traffic::build_topology(topo, metrics),
      sluice::StreamsConfig{
          {"application.id", "traffic-demo" + suffix},
          {"bootstrap.servers", brokers},
          {"processing.guarantee", guarantee},
          {"commit.interval.ms", "100"},
          {"num.stream.threads", std::to_string(a.threads)},
          {"state.dir", state_dir.string()},
          {"processing.exception.handler", "dead_letter"},
          {"errors.dead.letter.queue.topic.name", topo.dlq_topic},
          // librdkafka's mock cluster answers an empty fetch only after
          // fetch.wait.max.ms (500 ms by default), even when records
          // arrive meanwhile; each round would wait that long twice.
          {"consumer.fetch.wait.max.ms", embedded ? "10" : "100"}});
  traffic::StatusEndpoints endpoints(streams, metrics, topo, "traffic-demo");
  traffic::StatusServer server(endpoints);
  if (a.health_port >= 0) {
    if (auto s = server.start("127.0.0.1", a.health_port); !s.ok()) {
      std::fprintf(stderr, "traffic-demo: %s\n", s.message().c_str());
      return 1;
    }
    std::printf(
        "HTTP endpoints on http://127.0.0.1:%d/ (health, ready, "
        "metrics, stats, sensors/{id})\n",
        server.port());
  }
  // Created early: it connects (and gets its idempotent producer id) while
  // the instance joins its group.
  auto producer = traffic::KafkaProducer::create(brokers);
  if (!producer.ok()) {
    std::fprintf(stderr, "traffic-demo: %s\n",
                 producer.status().message().c_str());
    return 1;
  }
  if (auto s = streams.start(); !s.ok()) {
    std::fprintf(stderr, "traffic-demo: cannot start: %s\n",
                 s.to_string().c_str());
    return 1;
  }
  if (!streams.wait_for_state(State::kRunning, 60s)) {
    std::fprintf(stderr, "traffic-demo: not RUNNING after 60 s (%s)\n",
                 std::string(sluice::state_name(streams.state())).c_str());
    return 1;
  }

  traffic::DemoTally tally(topo.window_size);
  traffic::ProgressLine line(stdout, !a.quiet && ::isatty(STDOUT_FILENO));
  auto text = [&] {
    // The readings plus the closing round.
    return traffic::progress_text(
        tally, *metrics, a.readings + static_cast<std::uint64_t>(sensors),
        streams.metrics());
  };
  auto send = [&](const traffic::FeedItem& item) {
    traffic::OutgoingMessage m = traffic::ReadingFeed::message(item);
    m.headers.emplace_back(std::string(traffic::kSentAtHeader),
                           std::to_string(wall_ms()));
    (*producer)->send(topo.input_topic, m).throw_if_error();
    tally.add(item);
  };
  // Sends what is queued and waits until both sub-topologies processed it,
  // so that each round reaches the windows after the one before it.
  auto settle = [&] {
    (*producer)->flush(30s).throw_if_error();
    return wait_for(
        streams,
        [&] {
          return metrics->readings() >= tally.sent &&
                 windowed_processed(streams.metrics()) >=
                     static_cast<double>(tally.valid);
        },
        60s, line, text);
  };

  const Clock::time_point feed_started = Clock::now();
  std::int64_t round = feed.round();
  bool ok = true;
  while (ok && tally.sent < a.readings) {
    traffic::FeedItem item = feed.next();
    if (item.round != round) {
      ok = settle();
      round = item.round;
    }
    send(item);
    line.update(text());
  }
  ok = ok && settle();
  const Clock::time_point fed = Clock::now();
  for (const traffic::FeedItem& item : feed.closing_round(gap)) send(item);
  ok = ok && settle();
  ok = ok && wait_for(
                 streams,
                 [&] { return metrics->windows_emitted() >= tally.windows(); },
                 30s, line, text);
  line.update(text(), true);
  line.finish();
  if (!ok) {
    std::fprintf(stderr, "traffic-demo: the processor did not keep up (%s%s)\n",
                 std::string(sluice::state_name(streams.state())).c_str(),
                 streams.error_message().empty()
                     ? ""
                     : (": " + streams.error_message()).c_str());
  }

  const auto aggregates = sluice::testing::read_topic(
      brokers, topo.agg_topic, tally.windows(), 20s, 300ms);
  const std::vector<sluice::MetricValue> final_metrics = streams.metrics();
  streams.close(30s);
  server.stop();
  std::filesystem::remove_all(state_dir);

  traffic::DemoFigures figures;
  figures.feed_seconds =
      std::chrono::duration<double>(fed - feed_started).count();
  figures.run_seconds =
      std::chrono::duration<double>(Clock::now() - run_started).count();
  const bool accounted = traffic::print_report(
      stdout, tally, *metrics, final_metrics, aggregates, figures, topo);
  return ok && accounted ? 0 : 1;
}

int parse_and_run(int argc, char** argv) {
  Args a;
  CLI::App app(
      "traffic-demo: the traffic app end to end. Starts an embedded Kafka "
      "cluster (or uses --brokers), runs the traffic topology, feeds it "
      "simulated METR-LA readings one 5-minute round at a time and prints "
      "a summary.",
      "traffic-demo");
  app.option_defaults()->always_capture_default();
  app.add_option("--brokers", a.brokers,
                 "a real Kafka cluster (default: an embedded one); each run "
                 "uses its own topics there")
      ->envname("KAFKA_BROKERS");
  app.add_option("--readings", a.readings, "readings to generate")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--seed", a.seed, "generator seed");
  app.add_option("--scenario", a.scenario, "generator scenario")
      ->check(CLI::IsMember({"normal", "free_flow", "morning_rush",
                             "evening_rush", "incident", "sensor_faults"}));
  app.add_option("--fault-share", a.fault_share,
                 "share of invalid or malformed readings")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--late-share", a.late_share,
                 "share of valid readings sent 3 rounds late")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--processing-guarantee", a.guarantee,
                 "at_least_once or exactly_once_v2 (default: at_least_once "
                 "on the embedded cluster, exactly_once_v2 with --brokers)")
      ->check(CLI::IsMember({"at_least_once", "exactly_once_v2"}));
  app.add_option("--partitions", a.partitions, "partitions per topic")
      ->check(CLI::Range(1, 64));
  app.add_option("--threads", a.threads, "stream threads")
      ->check(CLI::Range(1, 16));
  app.add_option("--health-port", a.health_port,
                 "serve /health, /metrics, /sensors/{id}... on this port "
                 "during the run (0: any free port; default: off)")
      ->default_str("");
  app.add_flag("--quiet", a.quiet, "no progress line");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "traffic-demo: %s (try --help)\n", e.what());
    return 2;
  }
  return run(a);
}

}  // namespace

int main(int argc, char** argv) {
  (void)traffic::set_up_allocator(std::getenv("MALLOC_ARENA_MAX"));
  return traffic::guarded_main("traffic-demo",
                               [&] { return parse_and_run(argc, argv); });
}
