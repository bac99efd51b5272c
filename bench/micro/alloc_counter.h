// Counts heap allocations in a benchmark binary. Linking alloc_counter.cc
// replaces the global operator new/delete with versions that count every
// allocation (malloc underneath); a benchmark reads the count before and
// after its loop and reports the difference per record.
//
// Thread-safety: the count is a relaxed atomic; exact for single-threaded
// benchmarks.
#ifndef SLUICE_BENCH_MICRO_ALLOC_COUNTER_H_
#define SLUICE_BENCH_MICRO_ALLOC_COUNTER_H_

#include <benchmark/benchmark.h>

#include <cstdint>

namespace sluice::bench {

// Allocations through operator new (any form) since the program started.
std::uint64_t allocations() noexcept;

// Adds the counter allocs/record to `state`: the allocations since `since`
// (an allocations() value taken before the loop) per iteration.
inline void report_allocations(benchmark::State& state, std::uint64_t since) {
  state.counters["allocs/record"] =
      benchmark::Counter(static_cast<double>(allocations() - since),
                         benchmark::Counter::kAvgIterations);
}

}  // namespace sluice::bench

#endif  // SLUICE_BENCH_MICRO_ALLOC_COUNTER_H_
