// A stateless sluice pipeline a new user can copy.
//
// Reads "sensor-id -> speed" text records from `readings`, parses the speed
// (unparsable records go to the dead-letter topic with the reason), drops
// impossible speeds, and splits the rest into `congested` (< 35 mph) and
// `flowing`. With no --brokers it starts an embedded Kafka cluster and feeds
// it generated readings, so it runs anywhere:
//
//   stateless_pipeline                      # embedded cluster, 20,000 readings
//   stateless_pipeline --records 100000
//   stateless_pipeline --brokers 127.0.0.1:19092
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "sluice/sluice.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"

namespace {

using namespace std::chrono_literals;

struct Options {
  std::string brokers;  // empty: embedded cluster
  long records = 20'000;
};

void usage(std::FILE* out) {
  std::fputs(
      "usage: stateless_pipeline [--brokers HOST:PORT] [--records N]\n"
      "  --brokers  a Kafka cluster to use (default: an embedded one)\n"
      "  --records  how many readings to generate (default 20000)\n",
      out);
}

std::optional<Options> parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      usage(stdout);
      std::exit(0);
    }
    if (i + 1 >= argc) return std::nullopt;
    if (arg == "--brokers") {
      o.brokers = argv[++i];
    } else if (arg == "--records") {
      const std::string v = argv[++i];
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), o.records);
      if (ec != std::errc() || p != v.data() + v.size() || o.records < 1) {
        std::cerr << "--records: '" << v << "' is not a positive integer\n";
        return std::nullopt;
      }
    } else {
      std::cerr << "unknown option " << arg << "\n";
      return std::nullopt;
    }
  }
  return o;
}

// The whole topology: this is the part to copy.
sluice::Topology build_topology() {
  using sluice::Serdes;
  sluice::StreamsBuilder builder;
  auto speeds =
      builder
          .stream("readings",
                  sluice::Consumed::with(Serdes::string(), Serdes::string()))
          .map_values([](const std::string& text) {
            double mph = 0;
            auto [p, ec] =
                std::from_chars(text.data(), text.data() + text.size(), mph);
            if (ec != std::errc() || p != text.data() + text.size()) {
              throw std::invalid_argument("speed '" + text +
                                          "' is not a number");
            }
            return mph;
          })
          .filter([](const std::string&, double mph) {
            return mph >= 0 && mph <= 120;
          });
  auto branches =
      speeds.split(sluice::Named::as("speed-"))
          .branch([](const std::string&, double mph) { return mph < 35; },
                  sluice::Branched::as("congested"))
          .default_branch(sluice::Branched::as("flowing"));
  const auto produced =
      sluice::Produced::with(Serdes::string(), Serdes::float64());
  branches.at("speed-congested").to("congested", produced);
  branches.at("speed-flowing").to("flowing", produced);
  return builder.build().value();
}

// Generated input: 50 sensors; every 97th reading is garbage, every 89th is
// an impossible speed.
std::vector<sluice::testing::Message> readings(long n) {
  std::vector<sluice::testing::Message> out;
  out.reserve(static_cast<std::size_t>(n));
  for (long i = 0; i < n; ++i) {
    sluice::testing::Message m;
    m.key = "sensor-" + std::to_string(i % 50);
    if (i % 97 == 0) {
      m.value = "n/a";
    } else if (i % 89 == 0) {
      m.value = "250";
    } else {
      m.value = std::to_string(10 + (i * 7919) % 60);
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<Options> options = parse_args(argc, argv);
  if (!options) {
    usage(stderr);
    return 2;
  }
  std::optional<sluice::testing::EmbeddedCluster> cluster;
  std::string brokers = options->brokers;
  const std::vector<std::string> topics = {"readings", "congested", "flowing",
                                           "dead-letters"};
  try {
    if (brokers.empty()) {
      cluster.emplace(1);
      for (const auto& t : topics) cluster->create_topic(t, 4).throw_if_error();
      brokers = cluster->bootstrap_servers();
      std::cout << "embedded Kafka cluster at " << brokers << "\n";
    } else {
      sluice::testing::create_topics(brokers, topics, 4);
    }
    sluice::testing::produce(brokers, "readings", readings(options->records));
  } catch (const std::exception& e) {
    std::cerr << "cannot prepare the input: " << e.what() << "\n";
    return 1;
  }

  sluice::Topology topology = build_topology();
  std::cout << topology.describe();
  sluice::KafkaStreams streams(
      topology, sluice::StreamsConfig{
                    {"application.id", "stateless-pipeline"},
                    {"bootstrap.servers", brokers},
                    {"commit.interval.ms", "500"},
                    {"processing.exception.handler", "dead_letter"},
                    {"errors.dead.letter.queue.topic.name", "dead-letters"},
                });
  sluice::ShutdownSignal signal;
  if (sluice::Status s = streams.start(); !s.ok()) {
    std::cerr << "cannot start: " << s.message() << "\n";
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  double processed = 0;
  while (!signal.requested() &&
         streams.state() != sluice::KafkaStreams::State::kError) {
    processed = sluice::group_metric_sum(
        streams.metrics(), "stream-task-metrics", "process-total");
    std::printf("\rprocessed %8.0f / %ld", processed, options->records);
    std::fflush(stdout);
    if (processed >= static_cast<double>(options->records)) break;
    if (std::chrono::steady_clock::now() - started > 120s) break;
    std::this_thread::sleep_for(200ms);
  }
  std::printf("\n");
  streams.close(30s);
  const auto m = streams.metrics();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  std::printf(
      "readings in:        %.0f\n",
      sluice::group_metric_sum(m, "stream-task-metrics", "process-total"));
  std::printf("written out:        %.0f (congested + flowing)\n",
              sluice::metric_sum(m, "produce-total"));
  std::printf("impossible, dropped: %.0f\n",
              sluice::metric_sum(m, "dropped-records-total"));
  std::printf("dead-lettered:      %.0f\n",
              sluice::metric_sum(m, "dead-letter-records-total"));
  std::printf("elapsed:            %.1f s\n", secs);
  if (streams.state() == sluice::KafkaStreams::State::kError) {
    std::cerr << "failed: " << streams.error_message() << "\n";
    return 1;
  }
  return sluice::group_metric_sum(m, "stream-task-metrics", "process-total") >=
                 static_cast<double>(options->records)
             ? 0
             : 1;
}
