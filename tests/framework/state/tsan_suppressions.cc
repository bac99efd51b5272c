// ThreadSanitizer suppressions for binaries that run RocksDB stores on
// several threads, built in so that the tsan preset needs no
// TSAN_OPTIONS=suppressions=... . Link this file into such a test binary.
//
// Debian's RocksDB is not built with TSan: TSan sees its intercepted calls
// (memcpy, memcmp, new/delete) but not the atomics that order them, e.g.
// the reference counts that keep a memtable alive while a reader iterates
// and let a background thread free it afterwards. Reports with a frame in
// namespace rocksdb are therefore suppressed. "^" anchors the match at the
// start of the function name, so sluice's own functions (even those taking
// rocksdb types as parameters) are still checked. The one such race whose
// reader side has no RocksDB frame (a visitor copying memtable bytes) is
// handled in the store itself: see state/rocksdb_tsan.h.
#if defined(__SANITIZE_THREAD__)
#define SLUICE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SLUICE_TSAN 1
#endif
#endif

#ifdef SLUICE_TSAN
// NOLINTNEXTLINE(bugprone-reserved-identifier): TSan's hook name.
extern "C" const char* __tsan_default_suppressions() {
  return "race:^rocksdb::\n"
         "race:^non-virtual thunk to rocksdb::\n"
         "race:^virtual thunk to rocksdb::\n";
}
#endif
