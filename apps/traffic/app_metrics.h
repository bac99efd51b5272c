// AppMetrics: what the traffic topology counts besides the framework's
// metrics, kept in a prometheus-cpp registry.
//
//   traffic_readings_total                  readings decoded (every input)
//   traffic_valid_readings_total            sent to traffic-events
//   traffic_dead_letter_records_total       sent to traffic-dlq
//   traffic_dead_letter_reasons_total{reason}  per reason code (a record
//                                           with three reasons counts three)
//   traffic_windows_emitted_total           final window results written
//   traffic_process_latency_seconds         histogram: decode, validate and
//                                           flatten one reading
//   traffic_record_e2e_latency_seconds      histogram: from the producer's
//                                           traffic.gen.sent_at_ms header to
//                                           the end of processing (only
//                                           records that carry the header)
//   traffic_last_reading_timestamp_seconds  wall clock of the last reading
//
// The latencies are histograms, not summaries: a prometheus-cpp summary
// (CKMS quantiles) cost ~5 us per observation, a quarter of the
// processor's CPU per record under load (perf, docs/performance.md); a
// histogram observation is a bucket search and two atomic adds. Histograms
// also aggregate across instances (histogram_quantile over rate()).
//
// Thread-safety: thread-safe; the stream threads record, the HTTP thread
// reads.

#ifndef TRAFFIC_APP_METRICS_H_
#define TRAFFIC_APP_METRICS_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/metric_family.h"
#include "prometheus/registry.h"
#include "traffic/core/reason_set.h"

namespace traffic {

// Quantiles of one latency histogram since the start, in seconds,
// interpolated within a bucket as Prometheus' histogram_quantile does.
struct LatencySnapshot {
  std::uint64_t count = 0;  // observations since the start
  double mean = 0;          // since the start; 0 when count == 0
  double p50 = 0;           // 0 when count == 0
  double p99 = 0;
};

class AppMetrics {
 public:
  AppMetrics();
  AppMetrics(const AppMetrics&) = delete;
  AppMetrics& operator=(const AppMetrics&) = delete;

  // One valid reading; `e2e` when the record said when it was sent.
  void record_valid(std::chrono::nanoseconds process_time,
                    std::optional<std::chrono::nanoseconds> e2e,
                    std::int64_t wall_ms);
  // One dead-lettered reading. REQUIRES: !reasons.empty().
  void record_invalid(const ReasonSet& reasons,
                      std::chrono::nanoseconds process_time,
                      std::optional<std::chrono::nanoseconds> e2e,
                      std::int64_t wall_ms);
  // One final window result.
  void record_window_emitted();

  std::uint64_t readings() const;
  std::uint64_t valid() const;
  std::uint64_t dead_lettered() const;
  std::uint64_t windows_emitted() const;
  // Count per reason code, by code.
  std::map<std::string, std::uint64_t> dead_letter_reasons() const;
  // Wall clock of the last reading (epoch ms), or nullopt before the first.
  std::optional<std::int64_t> last_reading_ms() const;
  LatencySnapshot process_latency() const;
  LatencySnapshot e2e_latency() const;

  // Every family, for the Prometheus exposition.
  std::vector<prometheus::MetricFamily> collect() const;

 private:
  void observe(std::chrono::nanoseconds process_time,
               std::optional<std::chrono::nanoseconds> e2e,
               std::int64_t wall_ms);
  static LatencySnapshot snapshot(const prometheus::Histogram& histogram);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Counter& readings_;
  prometheus::Counter& valid_;
  prometheus::Counter& dead_lettered_;
  prometheus::Counter& windows_;
  prometheus::Family<prometheus::Counter>& reasons_family_;
  prometheus::Histogram& process_latency_;
  prometheus::Histogram& e2e_latency_;
  prometheus::Gauge& last_reading_;
  std::atomic<std::int64_t> last_reading_ms_{-1};

  mutable std::mutex reasons_mutex_;
  std::map<std::string, prometheus::Counter*, std::less<>> reasons_;
};

}  // namespace traffic

#endif  // TRAFFIC_APP_METRICS_H_
