// INTERNAL. Counter: a monotonically increasing count in the metrics
// registry (src/observe/metrics_registry.h), here so that processor nodes,
// which live in public headers, can count into one.
//
// Thread-safety: any thread may read; add() may be called from several
// threads at once; add_from_owner() only from one thread at a time.
#ifndef SLUICE_DETAIL_COUNTER_H_
#define SLUICE_DETAIL_COUNTER_H_

#include <atomic>
#include <cstdint>

namespace sluice {

class Counter {
 public:
  void add(std::uint64_t n = 1) noexcept {
    value_.fetch_add(n, std::memory_order_relaxed);
  }
  // add() for a counter that one thread at a time updates (a task's, or a
  // processor node's): a plain load and store, no locked read-modify-write.
  // Readers on other threads still see whole values.
  void add_from_owner(std::uint64_t n = 1) noexcept {
    value_.store(value_.load(std::memory_order_relaxed) + n,
                 std::memory_order_relaxed);
  }
  std::uint64_t value() const noexcept {
    return value_.load(std::memory_order_relaxed);
  }

 private:
  std::atomic<std::uint64_t> value_{0};
};

}  // namespace sluice

#endif  // SLUICE_DETAIL_COUNTER_H_
