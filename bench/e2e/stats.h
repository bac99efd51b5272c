// Order statistics of measurements.
#ifndef BENCH_E2E_STATS_H_
#define BENCH_E2E_STATS_H_

#include <optional>
#include <vector>

namespace e2e {

// The q-quantile (0..1, nearest rank) of `values`; nullopt when empty.
std::optional<double> quantile(std::vector<double> values, double q);

}  // namespace e2e

#endif  // BENCH_E2E_STATS_H_
