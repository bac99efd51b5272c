// TaskStore: the write-back cache of a task's store, its commit phases and
// its bounded cache of clean entries.
#include "state/task_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/record_sink.h"
#include "state/in_memory_key_value_store.h"
#include "store_test_util.h"

namespace sluice::state {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

// An in-memory store that counts reads and can be told to fail batches.
class CountingStore final : public KeyValueBytesStore {
 public:
  const std::string& name() const noexcept override { return inner_.name(); }
  StatusOr<std::optional<std::string>> get(
      std::string_view key) const override {
    ++gets;
    return inner_.get(key);
  }
  Status range(std::string_view from, std::string_view to,
               const BytesVisitor& visit) const override {
    return inner_.range(from, to, visit);
  }
  Status all(const BytesVisitor& visit) const override {
    return inner_.all(visit);
  }
  Status write_batch(const std::vector<BytesWrite>& writes,
                     std::int64_t changelog_offset) override {
    if (fail_writes) return Status(StatusCode::kUnavailable, "disk full");
    return inner_.write_batch(writes, changelog_offset);
  }
  std::int64_t committed_offset() const override {
    return inner_.committed_offset();
  }
  std::uint64_t approximate_size() const override {
    return inner_.approximate_size();
  }
  Status delete_range(std::string_view from, std::string_view to) override {
    ++range_deletes;
    return inner_.delete_range(from, to);
  }
  Status flush() override { return inner_.flush(); }

  mutable int gets = 0;
  int range_deletes = 0;
  bool fail_writes = false;

 private:
  InMemoryKeyValueStore inner_{"s"};
};

// Records changelog sends; every send is acknowledged at once.
class FakeSink final : public RecordSink {
 public:
  void send(const detail::OutgoingRecord& r) override {
    sent.emplace_back(
        std::string(r.key.value_or("")),
        r.value ? std::optional<std::string>(*r.value) : std::nullopt);
    ++last;
  }
  std::int64_t last_offset(std::string_view, std::int32_t) const override {
    return last;
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> sent;
  std::int64_t last = -1;
};

class TaskStoreTest : public ::testing::Test {
 protected:
  // A store whose cache holds `budget` bytes.
  void open(std::size_t budget = kDefaultCacheMaxBytes) {
    store_ =
        std::make_unique<TaskStore>("s", inner_, "app-s-changelog", 0, budget);
  }
  void commit() {
    store_->log_dirty(sink_);
    ASSERT_TRUE(store_->write_pending(sink_).ok());
  }
  std::optional<std::string> get(std::string_view key) {
    auto v = store_->get(key);
    return v ? std::optional<std::string>(*v) : std::nullopt;
  }
  std::optional<std::string> committed(const std::string& key) {
    return inner_->get(key).value();
  }

  std::shared_ptr<CountingStore> inner_ = std::make_shared<CountingStore>();
  FakeSink sink_;
  std::unique_ptr<TaskStore> store_;
};

TEST_F(TaskStoreTest, ReadsSeeUncommittedWritesAndDeletes) {
  ASSERT_TRUE(put(*inner_, "a", "old").ok());
  open();
  store_->put("a", "new");
  store_->put("b", "1");
  EXPECT_EQ(get("a"), "new");
  EXPECT_EQ(get("b"), "1");
  store_->put("a", std::nullopt);
  EXPECT_EQ(get("a"), std::nullopt);
  EXPECT_EQ(committed("a"), "old");
}

TEST_F(TaskStoreTest, CommitSendsEachKeyOnceThenWritesWithTheOffset) {
  open();
  store_->put("a", "1");
  store_->put("b", "1");
  store_->put("a", "2");
  store_->put("b", std::nullopt);
  EXPECT_EQ(store_->dirty_bytes(), 3u);  // "a" + "2" + "b"
  store_->log_dirty(sink_);
  EXPECT_THAT(sink_.sent,
              ElementsAre(Pair("a", std::optional<std::string>("2")),
                          Pair("b", std::nullopt)));
  EXPECT_EQ(store_->dirty_bytes(), 0u);
  EXPECT_EQ(committed("a"), std::nullopt);  // not before write_pending
  EXPECT_EQ(get("a"), "2");                 // but reads see it
  ASSERT_TRUE(store_->write_pending(sink_).ok());
  EXPECT_EQ(committed("a"), "2");
  EXPECT_EQ(committed("b"), std::nullopt);
  EXPECT_EQ(inner_->committed_offset(), 2);  // last acknowledged + 1
}

TEST_F(TaskStoreTest, CommittedAndReadEntriesStayCachedAsClean) {
  ASSERT_TRUE(put(*inner_, "r", "x").ok());
  open();
  store_->put("w", "1");
  commit();
  EXPECT_EQ(get("w"), "1");
  EXPECT_EQ(get("r"), "x");
  EXPECT_EQ(get("r"), "x");
  EXPECT_EQ(inner_->gets, 1);  // "r" once; "w" never
  store_->put("r", "y");       // a clean entry becomes dirty again
  store_->log_dirty(sink_);
  EXPECT_THAT(sink_.sent.back(), Pair("r", std::optional<std::string>("y")));
}

TEST_F(TaskStoreTest, CleanEntriesAreEvictedLeastRecentlyUsedFirst) {
  for (char c = 'a'; c <= 'j'; ++c) {
    ASSERT_TRUE(put(*inner_, std::string(1, c), std::string(100, c)).ok());
  }
  // Room for 3 entries of 1 + 100 bytes plus the per-entry overhead.
  open(3 * (1 + 100 + 128));
  EXPECT_TRUE(get("a"));
  EXPECT_TRUE(get("b"));
  EXPECT_TRUE(get("c"));
  EXPECT_TRUE(get("a"));  // "b" is now the least recently used
  EXPECT_TRUE(get("d"));  // evicts "b"
  EXPECT_EQ(store_->cached_entries(), 3u);
  EXPECT_LE(store_->cached_bytes(), 3u * (1 + 100 + 128));
  const int before = inner_->gets;
  EXPECT_EQ(get("a"), std::string(100, 'a'));
  EXPECT_EQ(get("c"), std::string(100, 'c'));
  EXPECT_EQ(get("d"), std::string(100, 'd'));
  EXPECT_EQ(inner_->gets, before);
  EXPECT_EQ(get("b"), std::string(100, 'b'));
  EXPECT_EQ(inner_->gets, before + 1);
  for (char c = 'e'; c <= 'j'; ++c) get(std::string(1, c));
  EXPECT_EQ(store_->cached_entries(), 3u);
}

TEST_F(TaskStoreTest, DirtyEntriesAreKeptBeyondTheBudgetUntilCommitted) {
  const std::vector<std::string> keys = {"k0", "k1", "k2", "k3", "k4"};
  const std::size_t entry = 2 + 1 + 128;  // key, value, overhead
  open(2 * entry + 10);                   // room for two clean entries
  for (const std::string& k : keys) store_->put(k, "v");
  EXPECT_EQ(store_->cached_entries(), 5u);
  for (const std::string& k : keys) EXPECT_EQ(get(k), "v");
  EXPECT_EQ(inner_->gets, 0);
  commit();
  for (const std::string& k : keys) EXPECT_EQ(committed(k), "v");
  EXPECT_LE(store_->cached_bytes(), 2 * entry + 10);
  EXPECT_EQ(store_->cached_entries(), 2u);
}

TEST_F(TaskStoreTest, AValueLargerThanTheBudgetIsReadButNotCached) {
  ASSERT_TRUE(put(*inner_, "big", std::string(1000, 'b')).ok());
  open(500);
  EXPECT_EQ(get("big"), std::string(1000, 'b'));
  EXPECT_EQ(store_->cached_entries(), 0u);
  EXPECT_EQ(get("big"), std::string(1000, 'b'));
  EXPECT_EQ(inner_->gets, 2);
}

TEST_F(TaskStoreTest, AZeroBudgetCachesOnlyDirtyEntries) {
  ASSERT_TRUE(put(*inner_, "a", "1").ok());
  open(0);
  EXPECT_EQ(get("a"), "1");
  store_->put("b", "2");
  EXPECT_EQ(get("b"), "2");
  commit();
  EXPECT_EQ(store_->cached_entries(), 0u);
  EXPECT_EQ(get("b"), "2");
  EXPECT_EQ(inner_->gets, 2);
}

TEST_F(TaskStoreTest, AWriteBetweenLogAndWriteStaysDirtyForTheNextCommit) {
  open();
  store_->put("a", "1");
  store_->log_dirty(sink_);
  store_->put("a", "2");
  ASSERT_TRUE(store_->write_pending(sink_).ok());
  EXPECT_EQ(committed("a"), "1");
  EXPECT_EQ(get("a"), "2");
  commit();
  EXPECT_EQ(committed("a"), "2");
}

TEST_F(TaskStoreTest, RangeMergesCommittedPendingAndDirtyEntries) {
  ASSERT_TRUE(put(*inner_, "a", "0").ok());
  ASSERT_TRUE(put(*inner_, "b", "0").ok());
  ASSERT_TRUE(put(*inner_, "c", "0").ok());
  open();
  store_->put("b", "pending");
  store_->put("c", std::nullopt);
  store_->log_dirty(sink_);
  store_->put("d", "dirty");
  store_->put("z", "outside");
  EXPECT_EQ(get("a"), "0");  // cached clean: the same as committed
  Entries out;
  store_->range("a", "d", collector(out));
  EXPECT_THAT(out, ElementsAre(Pair("a", "0"), Pair("b", "pending"),
                               Pair("d", "dirty")));
}

TEST_F(TaskStoreTest, DiscardDropsUncommittedWritesAndTheCache) {
  ASSERT_TRUE(put(*inner_, "a", "0").ok());
  open();
  EXPECT_EQ(get("a"), "0");
  store_->put("a", "1");
  store_->put("b", "1");
  store_->log_dirty(sink_);
  store_->discard_dirty();
  EXPECT_EQ(store_->cached_entries(), 0u);
  EXPECT_EQ(store_->cached_bytes(), 0u);
  EXPECT_EQ(get("a"), "0");
  EXPECT_EQ(get("b"), std::nullopt);
  EXPECT_TRUE(store_->write_pending(sink_).ok());  // nothing pending
  EXPECT_EQ(committed("b"), std::nullopt);
}

TEST_F(TaskStoreTest, ExpiredEntriesAreDeletedWithoutChangelogRecords) {
  ASSERT_TRUE(
      inner_->write_batch({{"k1", "c"}, {"k2", "c"}, {"z", "c"}}, 3).ok());
  open();
  EXPECT_EQ(get("k1"), "c");  // cached clean
  store_->put("k3", "dirty");
  store_->put("z", "dirty");
  store_->expire("k", "l");
  // Reads see the expiry at once: cached, committed and dirty entries alike.
  EXPECT_EQ(get("k1"), std::nullopt);
  EXPECT_EQ(get("k2"), std::nullopt);
  EXPECT_EQ(get("k3"), std::nullopt);
  std::vector<std::string> seen;
  store_->range("", "\xff", [&](std::string_view k, std::string_view) {
    seen.emplace_back(k);
    return true;
  });
  EXPECT_THAT(seen, ElementsAre("z"));
  EXPECT_EQ(committed("k1"), "c");  // the inner store waits for the commit
  // A write after the expiry is newer than it.
  store_->put("k4", "new");
  commit();
  EXPECT_THAT(sink_.sent, ElementsAre(Pair("z", "dirty"), Pair("k4", "new")));
  EXPECT_EQ(committed("k1"), std::nullopt);
  EXPECT_EQ(committed("k2"), std::nullopt);
  EXPECT_EQ(committed("k3"), std::nullopt);
  EXPECT_EQ(committed("k4"), "new");
  EXPECT_EQ(committed("z"), "dirty");
  EXPECT_EQ(inner_->committed_offset(), 2);  // after the two records sent
  EXPECT_EQ(store_->dirty_bytes(), 0u);
}

TEST_F(TaskStoreTest, ExpiryCanBeAppliedAloneAndIsDroppedWithAnAbort) {
  ASSERT_TRUE(inner_->write_batch({{"a", "1"}, {"b", "2"}}, 3).ok());
  open();
  store_->expire("a", "b");
  EXPECT_TRUE(store_->apply_expired().ok());
  EXPECT_EQ(committed("a"), std::nullopt);
  EXPECT_EQ(inner_->committed_offset(), 3);
  EXPECT_EQ(inner_->range_deletes, 1);

  store_->expire("b", "c");
  store_->discard_dirty();  // the transaction that decided it aborted
  EXPECT_EQ(get("b"), "2");
  commit();
  EXPECT_EQ(committed("b"), "2");
  EXPECT_EQ(inner_->range_deletes, 1);
}

TEST_F(TaskStoreTest, AFailedWriteLeavesNothingCachedThatIsNotStored) {
  ASSERT_TRUE(put(*inner_, "a", "0").ok());
  open();
  store_->put("a", "1");
  store_->log_dirty(sink_);
  inner_->fail_writes = true;
  EXPECT_FALSE(store_->write_pending(sink_).ok());
  EXPECT_EQ(get("a"), "0");
}

}  // namespace
}  // namespace sluice::state
