// sluice-e2e: the end-to-end benchmark driver (bench/e2e/run.sh runs it).
// Runs traffic-processor, the librdkafka passthrough and the peers against
// a real broker and the embedded mock cluster, under exactly_once_v2 and
// at_least_once; prints a table, writes results.json and regenerates the
// "End to end" section of docs/performance.md. `sluice-e2e --help`.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bench_cluster.h"
#include "machine.h"
#include "report.h"
#include "scenario.h"
#include "soak.h"
#include "traffic/core/generator.h"
#include "traffic/core/sensor_catalog.h"

namespace {

using e2e::Contender;
using e2e::ContenderKind;

struct Args {
  std::string brokers;
  std::string broker_version = "a real Kafka broker";
  bool quick = false;
  bool soak = false;
  bool no_embedded = false;
  std::uint64_t records = 0;
  std::uint64_t embedded_records = 0;
  int latency_seconds = 0;
  int latency_warmup_seconds = -1;
  double latency_rate_cap = 50000;
  double equal_load_rate = 4000;
  int timeout_seconds = 0;
  double soak_rate = 50000;
  int soak_seconds = 600;
  int soak_ceiling_seconds = 120;
  std::string processor;
  std::string passthrough;
  std::vector<std::string> peers;              // name=script
  std::vector<std::string> peers_unavailable;  // name=reason
  std::vector<std::string> only;
  std::string results_dir;
  std::string docs;
  std::string command = "bench/e2e/run.sh";
};

std::string utc_now(const char* format) {
  const std::time_t now = std::time(nullptr);
  char text[64];
  std::strftime(text, sizeof text, format, std::gmtime(&now));
  return text;
}

std::pair<std::string, std::string> split_pair(const std::string& kv) {
  const std::size_t eq = kv.find('=');
  if (eq == std::string::npos) return {kv, ""};
  return {kv.substr(0, eq), kv.substr(eq + 1)};
}

// The two contenders built here: the ceiling and traffic-processor.
Contender passthrough_of(const Args& a) {
  return {"passthrough", ContenderKind::kPassthrough, a.passthrough, ""};
}
Contender io_ceiling_of(const Args& a) {
  return {"io-ceiling", ContenderKind::kIoCeiling, a.passthrough, ""};
}
Contender sluice_of(const Args& a) {
  return {"sluice", ContenderKind::kSluice, a.processor, ""};
}

std::vector<Contender> contenders(const Args& a) {
  std::vector<Contender> out = {passthrough_of(a), io_ceiling_of(a),
                                sluice_of(a)};
  std::map<std::string, Contender> peers;
  for (const char* name : {"kafka-streams", "kafkajs"}) {
    peers[name] = {name, ContenderKind::kPeer, "",
                   "not available (bench/peers/ has no runnable script)"};
  }
  for (const std::string& kv : a.peers) {
    auto [name, script] = split_pair(kv);
    peers[name] = {name, ContenderKind::kPeer, script, ""};
  }
  for (const std::string& kv : a.peers_unavailable) {
    auto [name, reason] = split_pair(kv);
    peers[name] = {name, ContenderKind::kPeer, "", "not available: " + reason};
  }
  for (auto& [name, peer] : peers) out.push_back(peer);
  if (a.only.empty()) return out;
  std::vector<Contender> chosen;
  for (const Contender& c : out) {
    if (std::find(a.only.begin(), a.only.end(), c.name) != a.only.end()) {
      chosen.push_back(c);
    }
  }
  return chosen;
}

// Simulated time of the first reading: early enough that everything this
// run may send (at up to 100,000 readings/s in the latency phases) is
// timestamped in the past.
std::int64_t source_start_ms(const Args& a) {
  const double budget = static_cast<double>(a.records) * 3 +
                        100000.0 * a.latency_seconds * 4 +
                        (a.soak ? a.soak_rate * a.soak_seconds : 0);
  const auto rounds = static_cast<std::int64_t>(
      budget / static_cast<double>(traffic::kMetrLaSensorCount) + 2);
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  const std::int64_t start = now - rounds * traffic::kReadingIntervalMs;
  return start - start % traffic::kReadingIntervalMs;
}

void log_result(const e2e::ScenarioResult& r) {
  std::fprintf(stderr,
               "  -> %s records/s, CPU %s us/record, RSS steady %s MB, e2e "
               "p99 %s ms, outputs %s%s%s\n",
               e2e::fmt(r.rate, 0).c_str(), e2e::fmt(r.cpu_us, 2).c_str(),
               e2e::fmt(r.rss_steady_mb, 1).c_str(),
               e2e::fmt(r.e2e_p99_ms, 1).c_str(),
               r.accounting.empty() ? "n/a" : r.accounting.c_str(),
               r.note.empty() ? "" : "; ", r.note.c_str());
}

// A freshly started broker is slower until its JIT has compiled the hot
// paths, and the first scenario measured is the passthrough's, the ceiling
// (243,575 records/s on a cold broker, 291,754 after a warm-up in the next
// run). One unreported passthrough scenario first gives every contender a
// warm broker.
void warm_up(e2e::BenchCluster& cluster, const e2e::Plan& plan,
             const Contender& passthrough) {
  e2e::Plan warm = plan;
  warm.run_id += "w";
  warm.records = std::min<std::uint64_t>(plan.records, 500000);
  warm.latency_duration = std::chrono::seconds(2);
  warm.latency_warmup = std::chrono::seconds(1);
  warm.equal_load_rate = 0;
  const e2e::Scenario s{passthrough, cluster.embedded_cluster(),
                        "exactly_once_v2"};
  std::fprintf(stderr, "warming the broker up (%s, not reported)\n",
               s.id().c_str());
  const e2e::ScenarioResult r = e2e::run_scenario(s, cluster, warm);
  if (!r.note.empty()) std::fprintf(stderr, "  warm-up: %s\n", r.note.c_str());
}

int run(const Args& a) {
  std::filesystem::create_directories(a.results_dir);
  e2e::Report report;
  report.started_utc = utc_now("%Y-%m-%dT%H:%M:%SZ");
  report.mode = a.quick ? "quick" : "full";
  report.command = a.command;
  report.machine = e2e::describe_machine(a.broker_version);
  report.records_real = a.records;
  report.records_embedded = a.no_embedded ? 0 : a.embedded_records;
  report.latency_seconds = a.latency_seconds;
  report.equal_load_rate = a.equal_load_rate;
  report.latency_warmup_seconds = a.latency_warmup_seconds;

  e2e::Plan plan;
  plan.records = a.records;
  plan.throughput_timeout = std::chrono::seconds(a.timeout_seconds);
  plan.latency_duration = std::chrono::seconds(a.latency_seconds);
  plan.latency_warmup = std::chrono::seconds(a.latency_warmup_seconds);
  plan.latency_rate_cap = a.latency_rate_cap;
  plan.equal_load_rate = a.equal_load_rate;
  plan.run_id = utc_now("%H%M%S");
  plan.results_dir = a.results_dir;
  plan.state_root = a.results_dir + "/state";
  plan.source.start_time_ms = source_start_ms(a);

  const std::vector<Contender> all = contenders(a);
  // Every contender under both guarantees; the peers on the real broker
  // only (the mock's brokers cannot create Kafka Streams' internal topics).
  auto run_all = [&](e2e::BenchCluster& cluster, const e2e::Plan& p) {
    for (const char* guarantee : {"exactly_once_v2", "at_least_once"}) {
      for (const Contender& c : all) {
        if (cluster.embedded_cluster() && c.kind == ContenderKind::kPeer) {
          continue;
        }
        const e2e::Scenario s{c, cluster.embedded_cluster(), guarantee};
        std::fprintf(stderr, "%s: %s\n", s.id().c_str(),
                     c.unavailable.empty() ? "running" : c.unavailable.c_str());
        report.results.push_back(e2e::run_scenario(s, cluster, p));
        if (c.unavailable.empty()) log_result(report.results.back());
      }
    }
  };
  auto real = e2e::BenchCluster::real(a.brokers);
  if (!a.quick) warm_up(*real, plan, passthrough_of(a));
  run_all(*real, plan);
  if (!a.no_embedded) {
    auto mock = e2e::BenchCluster::embedded();
    e2e::Plan mock_plan = plan;
    mock_plan.records = a.embedded_records;
    run_all(*mock, mock_plan);
  }
  if (a.soak) {
    std::fprintf(stderr, "soak: %.0f records/s for %d s\n", a.soak_rate,
                 a.soak_seconds);
    report.soak = e2e::run_soak(sluice_of(a), *real, plan, a.soak_rate,
                                std::chrono::seconds(a.soak_seconds));
    if (a.soak_ceiling_seconds > 0) {
      std::fprintf(stderr, "soak of the passthrough: %.0f records/s for %d s\n",
                   a.soak_rate, a.soak_ceiling_seconds);
      report.soak_ceiling =
          e2e::run_soak(passthrough_of(a), *real, plan, a.soak_rate,
                        std::chrono::seconds(a.soak_ceiling_seconds));
    }
  }

  const std::string text = e2e::text_report(report);
  std::fputs(("\n" + text).c_str(), stdout);
  std::ofstream(a.results_dir + "/report.txt") << text;
  std::ofstream(a.results_dir + "/results.json")
      << e2e::to_json(report).dump(2) << "\n";
  if (!a.docs.empty()) e2e::update_docs(a.docs, e2e::markdown_section(report));
  std::fprintf(stderr, "results: %s/results.json%s%s\n", a.results_dir.c_str(),
               a.docs.empty() ? "" : ", ", a.docs.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  CLI::App app(
      "sluice-e2e: end-to-end benchmark of traffic-processor against a "
      "librdkafka passthrough and the peers (bench/e2e/run.sh runs it).",
      "sluice-e2e");
  app.add_option("--brokers", a.brokers, "the real broker")->required();
  app.add_option("--broker-version", a.broker_version,
                 "how to describe the broker in the report");
  app.add_flag("--quick", a.quick,
               "small N, short phases, real broker only, no broker warm-up "
               "(~1 minute; a full run first warms the broker up with one "
               "unreported passthrough scenario)");
  app.add_flag("--soak", a.soak,
               "also the soak (sluice, exactly_once_v2; then the passthrough)");
  app.add_flag("--no-embedded", a.no_embedded, "skip the mock cluster");
  app.add_option("--records", a.records, "preloaded readings, real broker");
  app.add_option("--embedded-records", a.embedded_records,
                 "preloaded readings, mock cluster (default 25000: its "
                 "partitions keep only ~5 MiB each, and a preload beyond "
                 "that loses its oldest records)");
  app.add_option("--latency-seconds", a.latency_seconds,
                 "length of each latency phase");
  app.add_option("--latency-warmup-seconds", a.latency_warmup_seconds,
                 "unstamped readings at the phase's rate before each latency "
                 "phase (default 3, --quick 1)");
  app.add_option("--latency-rate-cap", a.latency_rate_cap,
                 "highest rate of a latency phase (records/s)");
  app.add_option("--equal-load-rate", a.equal_load_rate,
                 "rate of the latency phase every contender runs at, for "
                 "the comparison at equal load (records/s; 0: none)")
      ->capture_default_str();
  app.add_option("--timeout-seconds", a.timeout_seconds,
                 "longest throughput phase");
  app.add_option("--soak-rate", a.soak_rate, "records/s of the soak");
  app.add_option("--soak-seconds", a.soak_seconds, "length of the soak");
  app.add_option("--soak-ceiling-seconds", a.soak_ceiling_seconds,
                 "then the passthrough at the soak's rate for this long, as "
                 "its ceiling (0: not)")
      ->capture_default_str();
  app.add_option("--processor", a.processor, "traffic-processor")->required();
  app.add_option("--passthrough", a.passthrough, "e2e-passthrough")->required();
  app.add_option("--peer", a.peers, "NAME=SCRIPT of a peer (repeatable)");
  app.add_option("--peer-unavailable", a.peers_unavailable,
                 "NAME=REASON: a peer that cannot run (repeatable)");
  app.add_option("--only", a.only, "run only these contenders (repeatable)");
  app.add_option("--results-dir", a.results_dir, "where results go")
      ->required();
  app.add_option("--docs", a.docs, "docs/performance.md to regenerate");
  app.add_option("--command", a.command, "the command line, for the docs");
  CLI11_PARSE(app, argc, argv);
  if (a.quick) a.no_embedded = true;
  if (a.records == 0) a.records = a.quick ? 50000 : 1000000;
  if (a.embedded_records == 0) a.embedded_records = 25000;
  if (a.latency_seconds == 0) a.latency_seconds = a.quick ? 2 : 10;
  if (a.latency_warmup_seconds < 0) a.latency_warmup_seconds = a.quick ? 1 : 3;
  if (a.timeout_seconds == 0) a.timeout_seconds = a.quick ? 30 : 300;
  try {
    return run(a);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sluice-e2e: %s\n", e.what());
    return 1;
  }
}
