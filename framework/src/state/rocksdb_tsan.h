// TsanIgnoreWritesScope: makes ThreadSanitizer ignore the memory writes the
// current thread performs inside a RocksDB call, in TSan builds only.
//
// Debian's RocksDB is not built with TSan, so TSan sees the bytes RocksDB's
// writer copies into a memtable (through its intercepted memcpy) but not the
// atomic sequence-number publication that orders them before any reader's
// access. Every concurrent get() or iteration would then be reported as a
// race. Ignoring the writes made inside DB::Write removes exactly those
// false reports; sluice's own code outside the scope stays checked. Without
// TSan the scope is empty and compiles to nothing.
//
// Thread-safety: affects only the calling thread; use as a local variable.
#ifndef SLUICE_SRC_STATE_ROCKSDB_TSAN_H_
#define SLUICE_SRC_STATE_ROCKSDB_TSAN_H_

#if defined(__SANITIZE_THREAD__)
#define SLUICE_STATE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SLUICE_STATE_TSAN 1
#endif
#endif

#ifdef SLUICE_STATE_TSAN
// ThreadSanitizer's dynamic annotations (exported by its runtime).
extern "C" void AnnotateIgnoreWritesBegin(const char* file, int line);
extern "C" void AnnotateIgnoreWritesEnd(const char* file, int line);
#endif

namespace sluice::state {

class TsanIgnoreWritesScope {
 public:
#ifdef SLUICE_STATE_TSAN
  // Starts ignoring this thread's writes.
  TsanIgnoreWritesScope() noexcept {
    AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  }
  // Stops ignoring them.
  ~TsanIgnoreWritesScope() { AnnotateIgnoreWritesEnd(__FILE__, __LINE__); }
#else
  // Does nothing without TSan.
  TsanIgnoreWritesScope() noexcept = default;
  ~TsanIgnoreWritesScope() = default;
#endif
  TsanIgnoreWritesScope(const TsanIgnoreWritesScope&) = delete;
  TsanIgnoreWritesScope& operator=(const TsanIgnoreWritesScope&) = delete;
};

}  // namespace sluice::state

#endif  // SLUICE_SRC_STATE_ROCKSDB_TSAN_H_
