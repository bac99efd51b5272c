// traffic-gen: produces realistic METR-LA readings to Kafka.
//
//   traffic-gen --brokers localhost:9092 --scenario morning_rush
//               --rate 50 --max 1000
//
// 207 sensors report every 5 minutes of simulated time; records carry the
// simulated send time as their timestamp, the reading's sensor id as key
// (usually), and the headers traffic.gen.seq and traffic.gen.sent_at_ms.
// Exit codes: 0 when every record was delivered, 1 otherwise, 2 for bad
// arguments.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>

#include "sluice/shutdown_signal.h"
#include "traffic/core/iso8601.h"
#include "traffic/core/scenario.h"
#include "traffic/core/sensor_catalog.h"
#include "traffic/decode_processor.h"
#include "traffic/duration.h"
#include "traffic/guarded_main.h"
#include "traffic/kafka_producer.h"
#include "traffic/progress_line.h"
#include "traffic/reading_feed.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Event time between the last reading and the closing round.
constexpr std::int64_t kClosingGapMs = std::int64_t{15} * 60 * 1000;

struct Args {
  std::string brokers = "localhost:9092";
  std::string topic = "traffic-raw";
  double rate = 50;
  double speed_up = 0;
  std::uint64_t max = 0;
  std::uint64_t seed = 1;
  std::string scenario = "normal";
  double fault_share = 0;  // used only when given
  double late_share = 0;
  std::string start = "auto";
  std::string max_lead = "50m";
  bool closing_round = false;
  bool quiet = false;
  std::vector<std::string> producer_config;
};

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int fail_usage(const std::string& message) {
  std::fprintf(stderr, "traffic-gen: %s\n", message.c_str());
  return 2;
}

int parse_and_run(int argc, char** argv) {
  Args a;
  CLI::App app(
      "traffic-gen: produces realistic METR-LA traffic readings (207 "
      "sensors, a reading per sensor every 5 minutes of simulated time) to "
      "a Kafka topic.",
      "traffic-gen");
  app.option_defaults()->always_capture_default();
  app.add_option("--brokers", a.brokers, "Kafka bootstrap servers")
      ->envname("KAFKA_BROKERS");
  app.add_option("--topic", a.topic, "topic to write")->envname("INPUT_TOPIC");
  app.add_option("--rate", a.rate, "readings per second (0: no pacing)")
      ->check(CLI::Range(0.0, 1e7));
  app.add_option("--speed-up", a.speed_up,
                 "pace by simulated time instead: simulated seconds per "
                 "second (e.g. 60: 5 minutes of readings in 5 s)")
      ->check(CLI::Range(0.0, 1e9));
  app.add_option("--max", a.max, "readings to send (0: until interrupted)");
  app.add_option("--seed", a.seed, "seed: the same seed, the same records");
  app.add_option("--scenario", a.scenario,
                 "normal, free_flow, morning_rush, evening_rush, incident "
                 "or sensor_faults")
      ->check(CLI::IsMember({"normal", "free_flow", "morning_rush",
                             "evening_rush", "incident", "sensor_faults"}));
  app.add_option("--fault-share", a.fault_share,
                 "share of invalid or malformed readings, 0..1 (default: "
                 "0.3 for sensor_faults, else 0)")
      ->default_str("");
  app.add_option("--late-share", a.late_share,
                 "share of valid readings held back 3 rounds (late for "
                 "their window), 0..1")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--start", a.start,
                 "simulated time of the first round: ISO-8601, 'now', or "
                 "'auto' (with --max: early enough that the last reading is "
                 "about now; without: now)");
  app.add_option("--max-lead", a.max_lead,
                 "never send a record timestamped further than this ahead "
                 "of the wall clock: wait instead (Kafka 4 brokers refuse "
                 "timestamps more than 1h ahead by default)");
  app.add_flag("--closing-round", a.closing_round,
               "end with one reading per sensor 15 minutes (simulated) "
               "later, so that every window of 5 or 10 minutes closes");
  app.add_flag("--quiet", a.quiet, "no progress bar");
  app.add_option("--producer-config", a.producer_config,
                 "extra librdkafka producer setting key=value (repeatable)")
      ->type_name("KEY=VALUE")
      ->default_str("");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError& e) {
    return fail_usage(std::string(e.what()) + " (try --help)");
  }

  traffic::FeedOptions options;
  options.generator.seed = a.seed;
  options.generator.scenario = *traffic::parse_scenario(a.scenario);
  if (app.count("--fault-share") > 0) {
    if (!(a.fault_share >= 0 && a.fault_share <= 1)) {
      return fail_usage("--fault-share: must be 0..1");
    }
    options.generator.fault_share = a.fault_share;
  }
  const std::int64_t now = wall_ms();
  const std::int64_t interval = traffic::kReadingIntervalMs;
  const auto sensors =
      static_cast<std::int64_t>(traffic::SensorCatalog::metr_la().size());
  if (a.start == "now" || (a.start == "auto" && a.max == 0)) {
    options.generator.start_time_ms = now - now % interval;
  } else if (a.start == "auto") {
    // The rounds --max needs, plus the closing round's gap.
    const auto rounds = static_cast<std::int64_t>(a.max) / sensors + 1;
    const std::int64_t span =
        rounds * interval + (a.closing_round ? kClosingGapMs : 0);
    options.generator.start_time_ms = now - span - (now - span) % interval;
  } else if (auto t = traffic::parse_iso8601_ms(a.start)) {
    options.generator.start_time_ms = *t;
  } else {
    return fail_usage("--start: '" + a.start +
                      "' is not ISO-8601, 'now' or 'auto'");
  }
  const std::optional<std::chrono::milliseconds> max_lead =
      traffic::parse_duration(a.max_lead);
  if (!max_lead) {
    return fail_usage("--max-lead: '" + a.max_lead + "' is not a duration");
  }
  if (a.rate > 0 && a.speed_up > 0 && app.count("--rate") > 0) {
    return fail_usage("--rate and --speed-up exclude each other");
  }
  const bool by_simulated_time = a.speed_up > 0;
  options.late_share = a.late_share;
  std::map<std::string, std::string> producer_settings;
  for (const std::string& kv : a.producer_config) {
    const std::size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return fail_usage("--producer-config: '" + kv + "' is not key=value");
    }
    producer_settings[kv.substr(0, eq)] = kv.substr(eq + 1);
  }

  auto producer = traffic::KafkaProducer::create(a.brokers, producer_settings);
  if (!producer.ok()) return fail_usage(producer.status().message());
  traffic::ReadingFeed feed(options);
  sluice::ShutdownSignal signal;
  traffic::ProgressLine progress(stdout, !a.quiet && ::isatty(STDOUT_FILENO));

  const Clock::time_point started = Clock::now();
  std::int64_t first_now_ms = -1;
  std::uint64_t sent = 0;
  std::uint64_t faulty = 0;
  std::uint64_t delayed = 0;
  auto send = [&](const traffic::FeedItem& item) -> bool {
    traffic::OutgoingMessage m = traffic::ReadingFeed::message(item);
    m.headers.emplace_back(std::string(traffic::kSentAtHeader),
                           std::to_string(wall_ms()));
    if (sluice::Status s = (*producer)->send(a.topic, m); !s.ok()) {
      progress.finish();
      std::fprintf(stderr, "traffic-gen: %s\n", s.message().c_str());
      return false;
    }
    ++sent;
    faulty += item.reading.expected.empty() ? 0 : 1;
    delayed += item.delayed ? 1 : 0;
    (*producer)->poll();
    return true;
  };
  auto draw = [&](bool force) {
    const double secs =
        std::chrono::duration<double>(Clock::now() - started).count();
    char text[256];
    std::snprintf(text, sizeof text,
                  "%s %llu%s readings  %.1f/s  faulty %llu  "
                  "late %llu  round %lld",
                  traffic::progress_bar(sent, a.max, 30).c_str(),
                  static_cast<unsigned long long>(sent),
                  a.max > 0 ? ("/" + std::to_string(a.max)).c_str() : "",
                  secs > 0 ? static_cast<double>(sent) / secs : 0.0,
                  static_cast<unsigned long long>(faulty),
                  static_cast<unsigned long long>(delayed),
                  static_cast<long long>(feed.round()));
    progress.update(text, force);
  };

  bool ok = true;
  while (ok && !signal.requested() && (a.max == 0 || sent < a.max)) {
    const traffic::FeedItem item = feed.next();
    if (first_now_ms < 0) first_now_ms = item.reading.now_ms;
    Clock::time_point due = started;
    if (by_simulated_time) {
      due += std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double, std::milli>(
              static_cast<double>(item.reading.now_ms - first_now_ms) /
              a.speed_up));
    } else if (a.rate > 0) {
      due += std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(static_cast<double>(sent) / a.rate));
    }
    // Simulated time may not run too far ahead of the wall clock.
    const std::int64_t lead_ms = item.reading.now_ms - max_lead->count();
    while ((Clock::now() < due || wall_ms() < lead_ms) && !signal.requested()) {
      (*producer)->poll();
      draw(false);
      std::this_thread::sleep_until(std::min(due, Clock::now() + 50ms));
    }
    ok = send(item);
    draw(false);
  }
  if (ok && a.closing_round && !signal.requested()) {
    for (const traffic::FeedItem& item : feed.closing_round(kClosingGapMs)) {
      if (!(ok = send(item))) break;
    }
  }
  draw(true);
  progress.finish();
  const sluice::Status flushed = (*producer)->flush(30s);
  const double secs =
      std::chrono::duration<double>(Clock::now() - started).count();
  std::printf(
      "traffic-gen: sent %llu readings (%llu faulty, %llu late) to %s in "
      "%.1f s; delivered %llu, failed %llu%s%s\n",
      static_cast<unsigned long long>(sent),
      static_cast<unsigned long long>(faulty),
      static_cast<unsigned long long>(delayed), a.topic.c_str(), secs,
      static_cast<unsigned long long>((*producer)->delivered()),
      static_cast<unsigned long long>((*producer)->failed()),
      (*producer)->failed() > 0 ? ": " : "", (*producer)->last_error().c_str());
  if (!flushed.ok()) {
    std::fprintf(stderr, "traffic-gen: %s\n", flushed.message().c_str());
  }
  return ok && flushed.ok() && (*producer)->failed() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  return traffic::guarded_main("traffic-gen",
                               [&] { return parse_and_run(argc, argv); });
}
