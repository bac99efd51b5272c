#include "traffic/app_metrics.h"

#include <cmath>
#include <utility>

namespace traffic {
namespace {

using prometheus::Histogram;

// Upper bounds (seconds) of the buckets: 1 us to 10 ms for decoding one
// reading (~1 us typical), 1 ms to 60 s from the producer to the end of
// processing (a commit interval, a rebalance, a backlog).
Histogram::BucketBoundaries process_buckets() {
  return {1e-6,   2e-6, 5e-6, 1e-5,   2e-5, 5e-5, 1e-4,
          2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2};
}
Histogram::BucketBoundaries e2e_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15,
          0.25,  0.5,    1,     2.5,  5,     10,   30,  60};
}

double seconds(std::chrono::nanoseconds d) {
  return std::chrono::duration<double>(d).count();
}

prometheus::Counter& counter(prometheus::Registry& registry,
                             const std::string& name, const std::string& help) {
  return prometheus::BuildCounter()
      .Name(name)
      .Help(help)
      .Register(registry)
      .Add({});
}

prometheus::Histogram& histogram(prometheus::Registry& registry,
                                 const std::string& name,
                                 const std::string& help,
                                 const Histogram::BucketBoundaries& buckets) {
  return prometheus::BuildHistogram()
      .Name(name)
      .Help(help)
      .Register(registry)
      .Add({}, buckets);
}

// The q-quantile of a cumulative histogram: the bucket holding rank
// q * count, interpolated linearly within it (the first bucket from 0);
// observations above the last bound report that bound.
double quantile(const prometheus::ClientMetric::Histogram& h, double q) {
  const double rank = q * static_cast<double>(h.sample_count);
  double lower = 0;
  std::uint64_t below = 0;
  for (const auto& bucket : h.bucket) {
    if (static_cast<double>(bucket.cumulative_count) >= rank) {
      if (std::isinf(bucket.upper_bound)) return lower;
      const auto in_bucket = bucket.cumulative_count - below;
      if (in_bucket == 0) return bucket.upper_bound;
      return lower + (bucket.upper_bound - lower) *
                         (rank - static_cast<double>(below)) /
                         static_cast<double>(in_bucket);
    }
    lower = bucket.upper_bound;
    below = bucket.cumulative_count;
  }
  return lower;
}

}  // namespace

AppMetrics::AppMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      readings_(counter(*registry_, "traffic_readings_total",
                        "Readings decoded: every input record.")),
      valid_(counter(*registry_, "traffic_valid_readings_total",
                     "Valid readings written to the events topic.")),
      dead_lettered_(counter(*registry_, "traffic_dead_letter_records_total",
                             "Invalid readings written to the DLQ topic.")),
      windows_(counter(*registry_, "traffic_windows_emitted_total",
                       "Final per-sensor window results written.")),
      reasons_family_(
          prometheus::BuildCounter()
              .Name("traffic_dead_letter_reasons_total")
              .Help("Reason codes of dead-lettered readings (a reading with "
                    "several reasons counts once per reason).")
              .Register(*registry_)),
      process_latency_(
          histogram(*registry_, "traffic_process_latency_seconds",
                    "Time to decode, validate and flatten one reading.",
                    process_buckets())),
      e2e_latency_(histogram(*registry_, "traffic_record_e2e_latency_seconds",
                             "From the producer's traffic.gen.sent_at_ms "
                             "header to the end of processing.",
                             e2e_buckets())),
      last_reading_(prometheus::BuildGauge()
                        .Name("traffic_last_reading_timestamp_seconds")
                        .Help("Wall-clock time of the last reading processed.")
                        .Register(*registry_)
                        .Add({})) {}

void AppMetrics::observe(std::chrono::nanoseconds process_time,
                         std::optional<std::chrono::nanoseconds> e2e,
                         std::int64_t wall_ms) {
  readings_.Increment();
  process_latency_.Observe(seconds(process_time));
  if (e2e) e2e_latency_.Observe(seconds(*e2e));
  last_reading_ms_.store(wall_ms, std::memory_order_relaxed);
  last_reading_.Set(static_cast<double>(wall_ms) / 1000.0);
}

void AppMetrics::record_valid(std::chrono::nanoseconds process_time,
                              std::optional<std::chrono::nanoseconds> e2e,
                              std::int64_t wall_ms) {
  valid_.Increment();
  observe(process_time, e2e, wall_ms);
}

void AppMetrics::record_invalid(const ReasonSet& reasons,
                                std::chrono::nanoseconds process_time,
                                std::optional<std::chrono::nanoseconds> e2e,
                                std::int64_t wall_ms) {
  dead_lettered_.Increment();
  {
    std::lock_guard<std::mutex> lock(reasons_mutex_);
    for (std::string& code : reasons.codes()) {
      auto it = reasons_.find(code);
      if (it == reasons_.end()) {
        prometheus::Counter* c = &reasons_family_.Add({{"reason", code}});
        it = reasons_.emplace(std::move(code), c).first;
      }
      it->second->Increment();
    }
  }
  observe(process_time, e2e, wall_ms);
}

void AppMetrics::record_window_emitted() { windows_.Increment(); }

std::uint64_t AppMetrics::readings() const {
  return static_cast<std::uint64_t>(readings_.Value());
}
std::uint64_t AppMetrics::valid() const {
  return static_cast<std::uint64_t>(valid_.Value());
}
std::uint64_t AppMetrics::dead_lettered() const {
  return static_cast<std::uint64_t>(dead_lettered_.Value());
}
std::uint64_t AppMetrics::windows_emitted() const {
  return static_cast<std::uint64_t>(windows_.Value());
}

std::map<std::string, std::uint64_t> AppMetrics::dead_letter_reasons() const {
  std::map<std::string, std::uint64_t> out;
  std::lock_guard<std::mutex> lock(reasons_mutex_);
  for (const auto& [code, c] : reasons_) {
    out[code] = static_cast<std::uint64_t>(c->Value());
  }
  return out;
}

std::optional<std::int64_t> AppMetrics::last_reading_ms() const {
  const std::int64_t ms = last_reading_ms_.load(std::memory_order_relaxed);
  if (ms < 0) return std::nullopt;
  return ms;
}

LatencySnapshot AppMetrics::snapshot(const prometheus::Histogram& histogram) {
  const prometheus::ClientMetric::Histogram h = histogram.Collect().histogram;
  LatencySnapshot out;
  out.count = h.sample_count;
  if (out.count == 0) return out;
  out.mean = h.sample_sum / static_cast<double>(out.count);
  out.p50 = quantile(h, 0.5);
  out.p99 = quantile(h, 0.99);
  return out;
}

LatencySnapshot AppMetrics::process_latency() const {
  return snapshot(process_latency_);
}
LatencySnapshot AppMetrics::e2e_latency() const {
  return snapshot(e2e_latency_);
}

std::vector<prometheus::MetricFamily> AppMetrics::collect() const {
  return registry_->Collect();
}

}  // namespace traffic
