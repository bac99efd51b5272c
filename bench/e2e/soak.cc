#include "soak.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <thread>

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

constexpr auto kRssEvery = 10s;
// Each partition of the soak's topics keeps about this much: at 50,000
// readings/s the input, events, aggregates and DLQ topics grow by ~3 GB a
// minute together, which once filled the disk. The broker deletes whole
// segments once a minute (their files a minute later), so each partition
// peaks at ~1.7 GB; a 30-minute soak held the broker's data at 26-28 GB,
// the rest being sluice's window changelog (its own topic, ~4 GB after 23
// minutes). An input partition holds ~4.5 minutes of readings: a contender
// that falls further behind loses input, and the soak reports it as fallen
// behind anyway (input lag at the end).
constexpr std::int64_t kSoakRetentionBytes = 1LL << 30;
constexpr std::size_t kSamplesPerMinute = 60s / kRssEvery;

// Median of the samples [from, to) of `rss` (10 s apart).
std::optional<double> median_of(const std::vector<double>& rss,
                                std::size_t from, std::size_t to) {
  if (from >= to || to > rss.size()) return std::nullopt;
  return quantile(std::vector<double>(rss.begin() + static_cast<long>(from),
                                      rss.begin() + static_cast<long>(to)),
                  0.5);
}

void soak(const Scenario& scenario, BenchCluster& cluster, const Plan& plan,
          double rate, std::chrono::seconds duration, SoakResult* r) {
  const Deployment d = deploy(scenario, cluster, plan, kSoakRetentionBytes);
  ReadingSource source(source_for(plan, d));
  const Launch launch = launch_of(scenario.contender, d);
  ChildProcess child(
      launch.argv, launch.env,
      plan.results_dir + "/" + slug(scenario.id()) + "-soak.log");
  r->ran = true;
  std::this_thread::sleep_for(3s);  // started and in its group
  // As before the latency phases: unstamped readings first, so that the
  // first transactions (1-2 s after init_transactions) and the first
  // fetches are not the latency of the soak.
  source.send(static_cast<std::uint64_t>(
                  rate * static_cast<double>(plan.latency_warmup.count())),
              rate, /*stamp=*/false);
  LatencyProbe probe(d.bootstrap, d.output_topic, plan.partitions);
  std::this_thread::sleep_for(500ms);
  const std::uint64_t warmup_sent = source.sent();
  const Clock::time_point started = Clock::now();
  const std::optional<MachineCpu> machine_before = sample_machine_cpu();
  Clock::time_point next_sample = started;
  std::optional<ProcSample> last;
  source.send(
      static_cast<std::uint64_t>(rate * static_cast<double>(duration.count())),
      rate, /*stamp=*/true, [&] {
        if (Clock::now() < next_sample) return;
        next_sample += kRssEvery;
        if (!(last = sample_process(child.pid()))) return;
        r->rss_mb.push_back(last->rss_mb);
        std::fprintf(
            stderr, "  soak %4.0f s  RSS %.1f MB\n",
            std::chrono::duration<double>(Clock::now() - started).count(),
            last->rss_mb);
      });
  r->seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (const std::optional<MachineCpu> machine_after = sample_machine_cpu();
      machine_before && machine_after) {
    r->machine_busy_pct = busy_percent(*machine_before, *machine_after);
  }
  r->achieved_rate =
      static_cast<double>(source.sent() - warmup_sent) / r->seconds;
  std::this_thread::sleep_for(2s);
  const std::vector<double> latencies = probe.stop();
  r->e2e_p50_ms = quantile(latencies, 0.5);
  r->e2e_p99_ms = quantile(latencies, 0.99);
  KafkaProbe kafka(d.bootstrap, d.application_id);
  r->lag_at_end = kafka.end_offsets(d.input_topic, plan.partitions) -
                  kafka.committed(d.input_topic, plan.partitions);
  if (auto s = sample_process(child.pid())) {
    r->rss_peak_mb = s->hwm_mb;
    r->cpu_us = s->cpu_seconds * 1e6 / static_cast<double>(source.sent());
  } else {
    r->note = "the processor ended during the soak";
  }
  const std::size_t n = r->rss_mb.size();
  r->rss_first_minute_mb =
      median_of(r->rss_mb, kSamplesPerMinute, 2 * kSamplesPerMinute);
  r->rss_last_minute_mb = median_of(
      r->rss_mb, n >= kSamplesPerMinute ? n - kSamplesPerMinute : 0, n);
  if (r->rss_first_minute_mb && r->rss_last_minute_mb &&
      n >= 3 * kSamplesPerMinute) {
    r->growth_mb = *r->rss_last_minute_mb - *r->rss_first_minute_mb;
    const std::vector<double> after_first_minute(
        r->rss_mb.begin() + static_cast<long>(kSamplesPerMinute),
        r->rss_mb.end());
    if (const std::optional<double> slope =
            theil_sen_slope(after_first_minute)) {
      r->growth_trend_mb =
          *slope * static_cast<double>(after_first_minute.size() - 1);
    }
  }
  child.stop(30s);
  undeploy(d, cluster);
}

}  // namespace

SoakResult run_soak(const Contender& contender, BenchCluster& cluster,
                    const Plan& plan, double rate,
                    std::chrono::seconds duration) {
  SoakResult r;
  r.contender = contender.name;
  r.target_rate = rate;
  Scenario scenario{contender, false, "exactly_once_v2"};
  scenario.contender.name = contender.name + "-soak";
  try {
    soak(scenario, cluster, plan, rate, duration, &r);
  } catch (const std::exception& e) {
    r.note = std::string("failed: ") + e.what();
  }
  return r;
}

}  // namespace e2e
