// LatencyHistogram: percentiles of a latency recorded on a hot path.
//
// Log-linear buckets (8 per power of two: within 12.5%) of nanoseconds from
// 1 ns to about 18 minutes. record() is a relaxed increment by the owning
// thread; readers on other threads compute percentiles over the current and
// the previous period (each kPeriod long), so a figure reflects the last
// one to two periods rather than the whole uptime.
//
// Thread-safety: record() from one thread at a time; the readers from any.
#ifndef SLUICE_SRC_OBSERVE_LATENCY_HISTOGRAM_H_
#define SLUICE_SRC_OBSERVE_LATENCY_HISTOGRAM_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace sluice {

class LatencyHistogram {
 public:
  static constexpr std::chrono::seconds kPeriod{30};

  // Records one latency; `now` decides when a new period starts.
  void record(std::chrono::nanoseconds latency,
              std::chrono::steady_clock::time_point now) noexcept;

  // The q-quantile (0 < q <= 1) in milliseconds of the last one to two
  // periods; 0 when nothing was recorded.
  double quantile_ms(double q) const noexcept;
  // The largest latency of the last one to two periods, in milliseconds
  // (the upper edge of its bucket).
  double max_ms() const noexcept;

 private:
  static constexpr int kSubBuckets = 8;
  static constexpr int kBuckets = 40 * kSubBuckets;
  using Counts = std::array<std::atomic<std::uint64_t>, kBuckets>;

  static int bucket_of(std::uint64_t ns) noexcept;
  static double upper_ms(int bucket) noexcept;
  std::uint64_t both(int bucket) const noexcept;

  std::array<Counts, 2> periods_{};
  std::atomic<int> current_{0};
  std::chrono::steady_clock::time_point period_end_{};
};

}  // namespace sluice

#endif  // SLUICE_SRC_OBSERVE_LATENCY_HISTOGRAM_H_
