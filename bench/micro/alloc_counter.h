// Counts heap allocations in a benchmark binary. Linking alloc_counter.cc
// replaces the global operator new/delete with versions that count every
// allocation (malloc underneath); a benchmark reads the count before and
// after its loop and reports the difference per record.
//
// Thread-safety: the count is a relaxed atomic; exact for single-threaded
// benchmarks.
#ifndef SLUICE_BENCH_MICRO_ALLOC_COUNTER_H_
#define SLUICE_BENCH_MICRO_ALLOC_COUNTER_H_

#include <cstdint>

namespace sluice::bench {

// Allocations through operator new (any form) since the program started.
std::uint64_t allocations() noexcept;

}  // namespace sluice::bench

#endif  // SLUICE_BENCH_MICRO_ALLOC_COUNTER_H_
