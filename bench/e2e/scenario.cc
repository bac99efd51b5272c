#include "scenario.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "child_process.h"
#include "deployment.h"
#include "kafka_probe.h"
#include "latency_probe.h"
#include "proc_stats.h"
#include "stats.h"

namespace e2e {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto kSampleEvery = 25ms;
// A throughput phase ends early when its progress stands still this long.
constexpr auto kStalled = 30s;

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Appends `text` to the result's note, "; "-separated.
void add_note(ScenarioResult* r, const std::string& text) {
  r->note += (r->note.empty() ? "" : "; ") + text;
}

// How many input records the contender has accounted for: under
// exactly-once on a real broker the group's committed input offsets (the
// outputs are visible exactly then); otherwise the records in the output
// and dead-letter topics (no transactions markers to discount).
class Progress {
 public:
  Progress(const Scenario& scenario, const Deployment& d, int partitions)
      : d_(d),
        partitions_(partitions),
        by_commits_(!scenario.embedded && d.guarantee == "exactly_once_v2"),
        probe_(d.bootstrap, d.application_id) {}
  std::int64_t now() {
    if (by_commits_) return probe_.committed(d_.input_topic, partitions_);
    const std::int64_t events =
        probe_.end_offsets(d_.output_topic, partitions_);
    const std::int64_t dlq = probe_.end_offsets(d_.dlq_topic, partitions_);
    return events < 0 || dlq < 0 ? -1 : events + dlq;
  }

 private:
  const Deployment& d_;
  int partitions_;
  bool by_commits_;
  KafkaProbe probe_;
};

struct Sample {
  Clock::time_point at;
  ProcSample proc;
  std::int64_t progress = 0;
};

// Waits until `child` uses less than a tenth of a core for a second (at
// most `limit`) and returns the sample then.
ProcSample wait_until_idle(ChildProcess& child, std::chrono::seconds limit) {
  const Clock::time_point deadline = Clock::now() + limit;
  std::optional<ProcSample> before = sample_process(child.pid());
  int quiet = 0;
  while (before && quiet < 4 && Clock::now() < deadline) {
    std::this_thread::sleep_for(250ms);
    const std::optional<ProcSample> now = sample_process(child.pid());
    if (!now) break;
    quiet = now->cpu_seconds - before->cpu_seconds < 0.025 ? quiet + 1 : 0;
    before = now;
  }
  return before.value_or(ProcSample{});
}

// Waits until `progress` reaches `target` (at most `limit`); true if so.
bool wait_for_progress(Progress& progress, std::int64_t target,
                       std::chrono::seconds limit) {
  const Clock::time_point deadline = Clock::now() + limit;
  while (progress.now() < target) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(100ms);
  }
  return true;
}

// Phase 1: from the start of the process until all preloaded records are
// accounted for (or the timeout, or the process exits).
void measure_throughput(ChildProcess& child, Progress& progress,
                        const Plan& plan, ScenarioResult* r) {
  const Clock::time_point started = Clock::now();
  const auto records = static_cast<std::int64_t>(plan.records);
  std::vector<Sample> samples;
  // The last sample with no progress (the start, if none had).
  std::optional<Sample> before_output = Sample{started, {}, 0};
  Clock::time_point last_change = started;
  std::int64_t last_progress = 0;
  while (true) {
    std::this_thread::sleep_for(kSampleEvery);
    if (!child.running()) {
      r->note = "the process ended (" +
                describe_status(child.exit_status().value_or(-1)) + ") after " +
                std::to_string(seconds_between(started, Clock::now())) + " s";
      break;
    }
    const std::optional<ProcSample> proc = sample_process(child.pid());
    if (!proc) continue;
    // Unknown progress is no sample: taken as 0, it would move the start
    // of the span past work already done.
    const std::int64_t done = progress.now();
    if (done < 0) continue;
    Sample s{Clock::now(), *proc, done};
    if (s.progress == 0) before_output = s;
    samples.push_back(s);
    r->processed = static_cast<std::uint64_t>(s.progress);
    r->rss_peak_mb = s.proc.hwm_mb;
    if (s.progress >= records) {
      r->finished = true;
      break;
    }
    if (s.progress != last_progress) {
      last_progress = s.progress;
      last_change = s.at;
    }
    if (s.progress > 0 && s.at - last_change > kStalled) {
      r->note = "stalled: " + std::to_string(s.progress) + " of " +
                std::to_string(records) + ", nothing more for " +
                std::to_string(kStalled.count()) + " s";
      break;
    }
    if (s.at - started > plan.throughput_timeout) {
      r->note = "did not finish: " + std::to_string(s.progress) + " of " +
                std::to_string(records) + " in " +
                std::to_string(plan.throughput_timeout.count()) + " s";
      break;
    }
  }
  if (samples.empty() || !before_output || samples.back().progress == 0) return;
  const Sample& first = *before_output;
  const Sample& last = samples.back();
  r->startup_seconds = seconds_between(started, first.at);
  r->busy_seconds = seconds_between(first.at, last.at);
  const auto done = static_cast<double>(last.progress);
  if (r->busy_seconds > 0) r->rate = done / r->busy_seconds;
  // CPU until the process is idle again: work the records caused after
  // they were accounted for (sluice's windows, behind a repartition topic)
  // counts too.
  const ProcSample idle =
      r->finished ? wait_until_idle(child, plan.throughput_timeout) : last.proc;
  r->cpu_us = (idle.cpu_seconds - first.proc.cpu_seconds) * 1e6 / done;
  r->cpu_us_with_startup = idle.cpu_seconds * 1e6 / done;
  std::vector<double> rss;
  for (const Sample& s : samples) {
    if (s.at >= first.at + (last.at - first.at) / 2)
      rss.push_back(s.proc.rss_mb);
  }
  r->rss_steady_mb = quantile(rss, 0.5);
}

// What one stamped phase saw.
struct StampedPhase {
  std::vector<double> latencies_ms;
  std::uint64_t count = 0;  // stamped readings sent
};

// After plan.latency_warmup of unstamped readings at `rate`, sends
// `rate` * plan.latency_duration stamped readings at `rate` and
// collects their latency as a read_committed reader of the output topic
// sees it; samples the contender's RSS into `rss`, if given.
StampedPhase stamped_phase(ChildProcess& child, ReadingSource& source,
                           const Deployment& d, const Plan& plan,
                           bool passthrough, double rate,
                           std::vector<double>* rss) {
  source.send(static_cast<std::uint64_t>(
                  rate * static_cast<double>(plan.latency_warmup.count())),
              rate, /*stamp=*/false);
  LatencyProbe probe(d.bootstrap, d.output_topic, plan.partitions);
  std::this_thread::sleep_for(500ms);  // let it reach its start offsets
  const std::uint64_t sent_before = source.sent();
  const std::uint64_t invalid_before = source.expected_invalid();
  StampedPhase out;
  out.count = static_cast<std::uint64_t>(
      rate * static_cast<double>(plan.latency_duration.count()));
  source.send(out.count, rate, /*stamp=*/true, [&] {
    if (rss == nullptr) return;
    if (auto s = sample_process(child.pid())) rss->push_back(s->rss_mb);
  });
  // The last records need a commit (exactly-once) and a fetch to arrive,
  // and a slow contender its backlog: wait until every valid one (every
  // one, for the passthrough) arrived, or none came for 3 s.
  const std::uint64_t valid = (source.sent() - source.expected_invalid()) -
                              (sent_before - invalid_before);
  const std::uint64_t expected = passthrough ? out.count : valid;
  const Clock::time_point deadline = Clock::now() + 30s;
  Clock::time_point last_change = Clock::now();
  for (std::size_t seen = probe.seen(); seen < expected &&
                                        Clock::now() < deadline &&
                                        Clock::now() - last_change < 3s;) {
    std::this_thread::sleep_for(100ms);
    if (probe.seen() != seen) last_change = Clock::now();
    seen = probe.seen();
  }
  out.latencies_ms = probe.stop();
  return out;
}

void note_unseen(const StampedPhase& phase, const char* which,
                 ScenarioResult* r) {
  if (phase.count == 0 || phase.latencies_ms.size() >= phase.count / 2) return;
  add_note(r, std::string(which) + ": " +
                  std::to_string(phase.latencies_ms.size()) + " of " +
                  std::to_string(phase.count) +
                  " stamped records seen in the output (headers kept?)");
}

// Phase 2: stamped readings at half the measured rate.
void measure_latency(ChildProcess& child, ReadingSource& source,
                     const Deployment& d, const Plan& plan, bool passthrough,
                     ScenarioResult* r) {
  r->latency_rate = std::min(*r->rate / 2, plan.latency_rate_cap);
  std::vector<double> rss;
  const StampedPhase phase =
      stamped_phase(child, source, d, plan, passthrough, r->latency_rate, &rss);
  r->latency_samples = phase.latencies_ms.size();
  r->e2e_p50_ms = quantile(phase.latencies_ms, 0.5);
  r->e2e_p99_ms = quantile(phase.latencies_ms, 0.99);
  r->rss_half_rate_mb = quantile(rss, 0.5);
  if (auto s = sample_process(child.pid())) r->rss_peak_mb = s->hwm_mb;
  note_unseen(phase, "latency", r);
}

// Phase 3: stamped readings at plan.equal_load_rate, the same for every
// contender that sustained it in phase 1.
void measure_equal_load(ChildProcess& child, ReadingSource& source,
                        const Deployment& d, const Plan& plan, bool passthrough,
                        ScenarioResult* r) {
  if (plan.equal_load_rate <= 0) return;
  if (*r->rate < plan.equal_load_rate) {
    add_note(r, "no equal-load phase: below " +
                    std::to_string(std::llround(plan.equal_load_rate)) +
                    " records/s");
    return;
  }
  const StampedPhase phase = stamped_phase(child, source, d, plan, passthrough,
                                           plan.equal_load_rate, nullptr);
  r->equal_load_rate = plan.equal_load_rate;
  r->equal_e2e_p50_ms = quantile(phase.latencies_ms, 0.5);
  r->equal_e2e_p99_ms = quantile(phase.latencies_ms, 0.99);
  if (auto s = sample_process(child.pid())) r->rss_peak_mb = s->hwm_mb;
  note_unseen(phase, "equal load", r);
}

// Counts the outputs with a read_committed reader and checks them against
// what was sent: the passthrough copies every record to the events, the
// I/O ceiling splits them between events and DLQ by offset, the others
// dead-letter exactly the faulty readings.
void check_accounting(const Scenario& scenario, const Deployment& d,
                      const Plan& plan, ScenarioResult* r) {
  r->events = count_records(d.bootstrap, d.output_topic, plan.partitions);
  r->dead_letters = count_records(d.bootstrap, d.dlq_topic, plan.partitions);
  const bool exact =
      scenario.guarantee == "exactly_once_v2" && !scenario.embedded;
  const auto matches = [exact](std::uint64_t got, std::uint64_t want) {
    return exact ? got == want : got >= want;
  };
  const auto want = [exact](std::uint64_t n) {
    return " (want " + std::string(exact ? "" : ">= ") + std::to_string(n) +
           ")";
  };
  if (scenario.contender.kind == ContenderKind::kIoCeiling) {
    const std::uint64_t total = *r->events + *r->dead_letters;
    r->accounting =
        matches(total, r->sent)
            ? "ok"
            : "events + dlq " + std::to_string(total) + want(r->sent);
    return;
  }
  const bool passthrough =
      scenario.contender.kind == ContenderKind::kPassthrough;
  const std::uint64_t want_dlq = passthrough ? 0 : r->expected_invalid;
  const std::uint64_t want_events = r->sent - want_dlq;
  const bool ok =
      matches(*r->events, want_events) && matches(*r->dead_letters, want_dlq);
  r->accounting = ok ? "ok"
                     : "events " + std::to_string(*r->events) +
                           want(want_events) + ", dlq " +
                           std::to_string(*r->dead_letters) + want(want_dlq);
}

void run(const Scenario& scenario, BenchCluster& cluster, const Plan& plan,
         ScenarioResult* r) {
  const Deployment d = deploy(scenario, cluster, plan);
  ReadingSource source(source_for(plan, d));
  const Clock::time_point began = Clock::now();
  auto phase = [&](const char* what) {
    std::fprintf(stderr, "  %5.1f s  %s\n",
                 seconds_between(began, Clock::now()), what);
  };
  source.send(plan.records, 0, /*stamp=*/false);
  phase("preloaded");

  Progress progress(scenario, d, plan.partitions);
  progress.now();  // finds the group coordinator before the clock starts
  const Launch launch = launch_of(scenario.contender, d);
  ChildProcess child(launch.argv, launch.env,
                     plan.results_dir + "/" + slug(scenario.id()) + ".log");
  r->ran = true;
  measure_throughput(child, progress, plan, r);
  phase("throughput measured, idle");
  if (r->finished && r->rate && child.running()) {
    const bool passthrough =
        scenario.contender.kind == ContenderKind::kPassthrough;
    measure_latency(child, source, d, plan, passthrough, r);
    if (scenario.contender.kind == ContenderKind::kSluice) {
      r->process_latency = scrape_process_latency(d.metrics_port);
    }
    phase("latency measured");
    measure_equal_load(child, source, d, plan, passthrough, r);
    phase("equal-load latency measured");
  }
  r->sent = source.sent();
  r->expected_invalid = source.expected_invalid();
  const bool drained =
      r->finished &&
      wait_for_progress(progress, static_cast<std::int64_t>(r->sent),
                        plan.throughput_timeout);
  phase("drained");
  const bool stopped = child.stop(30s);
  phase("stopped");
  if (!stopped) add_note(r, "killed after 30 s");
  if (scenario.embedded) {
    r->accounting = "n/a (mock partitions keep ~5 MiB)";
  } else if (!drained) {
    r->accounting = "not drained";
  } else {
    check_accounting(scenario, d, plan, r);
  }
  phase("outputs counted");
  undeploy(d, cluster);
}

}  // namespace

std::string Scenario::id() const {
  return contender.name + "/" + (embedded ? "embedded" : "real") + "/" +
         guarantee;
}

ScenarioResult run_scenario(const Scenario& scenario, BenchCluster& cluster,
                            const Plan& plan) {
  ScenarioResult r;
  r.scenario = scenario;
  r.records = plan.records;
  if (!scenario.contender.unavailable.empty()) {
    r.note = scenario.contender.unavailable;
    return r;
  }
  try {
    run(scenario, cluster, plan, &r);
  } catch (const std::exception& e) {
    add_note(&r, std::string("failed: ") + e.what());
  }
  return r;
}

}  // namespace e2e
