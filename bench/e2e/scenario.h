// One scenario of the end-to-end benchmark (a contender, a cluster, a
// guarantee), what a run of it measured, and how it is run.
#ifndef BENCH_E2E_SCENARIO_H_
#define BENCH_E2E_SCENARIO_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "bench_cluster.h"
#include "contender.h"
#include "metrics_scrape.h"
#include "reading_source.h"

namespace e2e {

struct Scenario {
  Contender contender;
  bool embedded = false;  // on the in-process mock cluster
  std::string guarantee;  // exactly_once_v2 | at_least_once
  // "sluice/real/exactly_once_v2": a name for files and tables.
  std::string id() const;
};

// What every scenario of one run shares.
struct Plan {
  std::uint64_t records = 0;  // preloaded readings (N)
  std::chrono::seconds throughput_timeout{120};
  std::chrono::seconds latency_duration{20};
  // Each latency phase first sends this long at its rate without stamps:
  // the contender, the broker and RocksDB settle after the throughput
  // phase's burst (compactions, GC), which would otherwise dominate p99.
  std::chrono::seconds latency_warmup{3};
  // The latency phase runs at half the measured rate, but at most this:
  // the harness generates, sends and reads back every record on the same
  // 2 cores as the broker and the contender.
  double latency_rate_cap = 50000;
  // A second latency phase runs every contender at this one rate, for the
  // comparison at equal load; skipped for a contender whose measured rate
  // is below it.
  double equal_load_rate = 4000;
  int partitions = 4;
  std::string run_id;       // makes topic and group names unique
  std::string results_dir;  // logs of the contenders go here
  std::string state_root;   // state directories go under it
  SourceConfig source;      // bootstrap and topic are set per scenario
};

struct ScenarioResult {
  Scenario scenario;
  bool ran = false;       // false: n/a (see note)
  bool finished = false;  // every preloaded reading was accounted for
  std::string note;       // n/a reason, failure, or remarks
  std::uint64_t records = 0;
  std::uint64_t processed = 0;   // accounted for when the phase ended
  double startup_seconds = 0;    // start of the process -> first output
  double busy_seconds = 0;       // first output -> all accounted for
  std::optional<double> rate;    // records/s over busy_seconds
  std::optional<double> cpu_us;  // CPU per record over busy_seconds
  std::optional<double> cpu_us_with_startup;  // all CPU / records
  std::optional<double> rss_peak_mb;          // VmHWM at the end
  std::optional<double> rss_steady_mb;        // median, 2nd half of busy
  std::optional<double> rss_half_rate_mb;     // median during latency phase
  double latency_rate = 0;                    // records/s of that phase
  std::uint64_t latency_samples = 0;
  std::optional<double> e2e_p50_ms;
  std::optional<double> e2e_p99_ms;
  double equal_load_rate = 0;  // records/s of the equal-load phase; 0: none
  std::optional<double> equal_e2e_p50_ms;
  std::optional<double> equal_e2e_p99_ms;
  ProcessLatency process_latency;       // sluice only
  std::optional<std::uint64_t> events;  // read_committed counts afterwards
  std::optional<std::uint64_t> dead_letters;
  std::uint64_t sent = 0;              // readings written, all phases
  std::uint64_t expected_invalid = 0;  // of which the DLQ's
  std::string accounting;              // "ok", or what did not add up
};

// Runs `scenario` on `cluster`: creates its topics, preloads plan.records
// readings, starts the contender, measures throughput, CPU and RSS until
// all are accounted for, then end-to-end latency at half that rate, then
// stops it and counts its outputs. Never throws: failures become the
// result's note.
ScenarioResult run_scenario(const Scenario& scenario, BenchCluster& cluster,
                            const Plan& plan);

}  // namespace e2e

#endif  // BENCH_E2E_SCENARIO_H_
