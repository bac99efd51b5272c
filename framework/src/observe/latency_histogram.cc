#include "observe/latency_histogram.h"

#include <bit>
#include <cmath>

namespace sluice {

int LatencyHistogram::bucket_of(std::uint64_t ns) noexcept {
  if (ns < kSubBuckets) return static_cast<int>(ns);
  const int power = static_cast<int>(std::bit_width(ns)) - 1;  // >= 3
  const auto sub = static_cast<int>((ns >> (power - 3)) & (kSubBuckets - 1));
  const int bucket = (power - 2) * kSubBuckets + sub;
  return bucket < kBuckets ? bucket : kBuckets - 1;
}

double LatencyHistogram::upper_ms(int bucket) noexcept {
  if (bucket < kSubBuckets) return (bucket + 1) / 1e6;
  const int power = bucket / kSubBuckets + 2;
  const int sub = bucket % kSubBuckets;
  const double upper =
      std::ldexp(1.0, power) * (1.0 + (sub + 1) / double{kSubBuckets});
  return upper / 1e6;
}

void LatencyHistogram::record(
    std::chrono::nanoseconds latency,
    std::chrono::steady_clock::time_point now) noexcept {
  if (now >= period_end_) {
    // A new period: the older of the two is cleared and becomes current.
    const int next = 1 - current_.load(std::memory_order_relaxed);
    for (auto& c : periods_[static_cast<std::size_t>(next)]) {
      c.store(0, std::memory_order_relaxed);
    }
    current_.store(next, std::memory_order_relaxed);
    period_end_ = now + kPeriod;
  }
  const auto ns =
      static_cast<std::uint64_t>(std::max<std::int64_t>(latency.count(), 0));
  auto& c = periods_[static_cast<std::size_t>(current_.load(
      std::memory_order_relaxed))][static_cast<std::size_t>(bucket_of(ns))];
  c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

std::uint64_t LatencyHistogram::both(int bucket) const noexcept {
  const auto b = static_cast<std::size_t>(bucket);
  return periods_[0][b].load(std::memory_order_relaxed) +
         periods_[1][b].load(std::memory_order_relaxed);
}

double LatencyHistogram::quantile_ms(double q) const noexcept {
  std::uint64_t total = 0;
  for (int b = 0; b < kBuckets; ++b) total += both(b);
  if (total == 0) return 0;
  const auto rank =
      static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
  std::uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += both(b);
    if (seen >= rank && seen > 0) return upper_ms(b);
  }
  return upper_ms(kBuckets - 1);
}

double LatencyHistogram::max_ms() const noexcept {
  for (int b = kBuckets - 1; b >= 0; --b) {
    if (both(b) > 0) return upper_ms(b);
  }
  return 0;
}

}  // namespace sluice
