// Crash consistency of RocksDbKeyValueStore with the WAL off: a child
// process commits batches and _exit()s without flushing; the reopened store
// must hold exactly the batches up to its committed offset, each one whole.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <string>
#include <vector>

#include "crash_batches.h"
#include "state/rocksdb_key_value_store.h"
#include "state/store_resources.h"
#include "temp_dir.h"

extern char** environ;

namespace sluice::state {
namespace {

struct CrashRun {
  int batches;
  int flush_after;  // 0: never flush
  int keys_per_batch;
  std::size_t value_bytes;
};

// Runs the writer process on `dir`; returns its exit status.
int run_writer(const std::string& dir, const CrashRun& run) {
  std::vector<std::string> args = {SLUICE_CRASH_WRITER,
                                   dir,
                                   std::to_string(run.batches),
                                   std::to_string(run.flush_after),
                                   std::to_string(run.keys_per_batch),
                                   std::to_string(run.value_bytes)};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    return -1;
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Reopens the store at `dir` and checks: batch i is present (every key, with
// its value) iff committed_offset() >= offset_of(i); "last" names the newest
// surviving batch; nothing else is there. Returns the surviving batch count.
int check_consistent(const std::string& dir, const CrashRun& run) {
  auto resources = StoreResources::create().value();
  auto opened = RocksDbKeyValueStore::open("crash", dir, *resources);
  EXPECT_TRUE(opened.ok()) << opened.status().to_string();
  if (!opened.ok()) return -1;
  const RocksDbKeyValueStore& store = **opened;
  const std::int64_t committed = store.committed_offset();
  int surviving = 0;
  for (int i = 1; i <= run.batches; ++i) {
    const bool committed_batch = committed >= crash::offset_of(i);
    if (committed_batch) surviving = i;
    for (int j = 0; j < run.keys_per_batch; ++j) {
      auto got = store.get(crash::key_of(i, j)).value();
      if (committed_batch) {
        EXPECT_EQ(got, crash::value_of(i, run.value_bytes))
            << "batch " << i << " key " << j << " committed " << committed;
      } else {
        EXPECT_EQ(got, std::nullopt)
            << "batch " << i << " key " << j << " committed " << committed;
      }
    }
  }
  EXPECT_EQ(committed, surviving == 0 ? -1 : crash::offset_of(surviving));
  auto last = store.get(crash::kLastKey).value();
  if (surviving == 0) {
    EXPECT_EQ(last, std::nullopt);
  } else {
    EXPECT_EQ(last, std::to_string(surviving));
  }
  std::uint64_t keys = 0;
  EXPECT_TRUE(store
                  .all([&keys](std::string_view, std::string_view) {
                    ++keys;
                    return true;
                  })
                  .ok());
  const int expected = surviving * run.keys_per_batch + (surviving > 0 ? 1 : 0);
  EXPECT_EQ(keys, static_cast<std::uint64_t>(expected));
  return surviving;
}

TEST(RocksDbCrashTest, UnflushedBatchesAreLostWhole) {
  TempDir dir;
  const CrashRun run{5, 0, 10, 64};  // far below one memtable
  ASSERT_EQ(run_writer(dir.sub("s"), run), 0);
  EXPECT_EQ(check_consistent(dir.sub("s"), run), 0);  // the WAL is really off
}

TEST(RocksDbCrashTest, ExplicitFlushThenCrashKeepsExactlyTheFlushedBatches) {
  TempDir dir;
  const CrashRun run{30, 30, 10, 64};
  ASSERT_EQ(run_writer(dir.sub("s"), run), 0);
  EXPECT_EQ(check_consistent(dir.sub("s"), run), 30);
}

// Enough data for many automatic flushes of 64 KiB memtables, cut off at a
// different point each run.
TEST(RocksDbCrashTest, CrashDuringAutomaticFlushesLeavesAWholeEarlierBatch) {
  for (int batches : {250, 333, 401}) {
    SCOPED_TRACE("batches " + std::to_string(batches));
    TempDir dir;
    const CrashRun run{batches, 20, 20, 200};
    ASSERT_EQ(run_writer(dir.sub("s"), run), 0);
    const int surviving = check_consistent(dir.sub("s"), run);
    EXPECT_GE(surviving, 20);
    ::testing::Test::RecordProperty("surviving_of_" + std::to_string(batches),
                                    surviving);
    // Reopening again gives the same answer: recovery left no partial state.
    EXPECT_EQ(check_consistent(dir.sub("s"), run), surviving);
  }
}

}  // namespace
}  // namespace sluice::state
