// The soak: traffic-processor under exactly_once_v2 on the real broker fed
// at a fixed rate for a long time, its RSS sampled every 10 s, its latency
// measured after the same unstamped warm-up as the latency phases. The
// passthrough can be soaked the same way, for what the ceiling costs at that
// rate (CPU per record grows as batches shrink, for every contender).
#ifndef BENCH_E2E_SOAK_H_
#define BENCH_E2E_SOAK_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bench_cluster.h"
#include "scenario.h"

namespace e2e {

struct SoakResult {
  std::string contender;
  bool ran = false;
  std::string note;
  double target_rate = 0;    // records/s asked for
  double achieved_rate = 0;  // records/s the source managed
  double seconds = 0;
  std::vector<double> rss_mb;                 // one per 10 s
  std::optional<double> rss_first_minute_mb;  // median of the 2nd minute
  std::optional<double> rss_last_minute_mb;   // median of the last minute
  std::optional<double> growth_mb;            // last - first
  // The RSS trend from the end of the first minute to the end: the
  // Theil-Sen slope of the samples times that span, MB. Swings from
  // allocator decay and compactions move the two one-minute medians by up
  // to ~10 MB either way; they barely move this.
  std::optional<double> growth_trend_mb;
  std::optional<double> rss_peak_mb;
  std::optional<double> cpu_us;  // per record, whole soak
  // The whole machine's CPU busy during the soak (broker, harness, all), %.
  std::optional<double> machine_busy_pct;
  std::optional<double> e2e_p50_ms;
  std::optional<double> e2e_p99_ms;
  std::int64_t lag_at_end = -1;  // input records not yet committed
};

// Soaks `contender` (sluice or the passthrough) for `duration` at `rate`.
// Never throws.
SoakResult run_soak(const Contender& contender, BenchCluster& cluster,
                    const Plan& plan, double rate,
                    std::chrono::seconds duration);

}  // namespace e2e

#endif  // BENCH_E2E_SOAK_H_
