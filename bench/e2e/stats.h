// Order statistics of measurements.
#ifndef BENCH_E2E_STATS_H_
#define BENCH_E2E_STATS_H_

#include <optional>
#include <vector>

namespace e2e {

// The q-quantile (0..1, nearest rank) of `values`; nullopt when empty.
std::optional<double> quantile(std::vector<double> values, double q);

// The Theil-Sen slope of equally spaced `values`: the median of the slopes
// between every pair, per step. Unlike a least-squares fit, a few outliers
// (one allocator or compaction episode in a soak) barely move it. nullopt
// for fewer than two values.
std::optional<double> theil_sen_slope(const std::vector<double>& values);

}  // namespace e2e

#endif  // BENCH_E2E_STATS_H_
