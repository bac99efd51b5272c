// The KeyValueBytesStore contract, run against every implementation.
#include "state/key_value_bytes_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "state/in_memory_key_value_store.h"
#include "state/rocksdb_key_value_store.h"
#include "state/store_resources.h"
#include "store_test_util.h"
#include "temp_dir.h"

namespace sluice::state {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using namespace std::string_literals;

class InMemoryStoreFactory {
 public:
  std::unique_ptr<KeyValueBytesStore> open(const std::string& name) {
    return std::make_unique<InMemoryKeyValueStore>(name);
  }
};

class RocksDbStoreFactory {
 public:
  std::unique_ptr<KeyValueBytesStore> open(const std::string& name) {
    return RocksDbKeyValueStore::open(name, dir_.sub(name), *resources_)
        .value();
  }

 private:
  TempDir dir_;
  std::unique_ptr<StoreResources> resources_ = StoreResources::create().value();
};

template <typename Factory>
class KeyValueBytesStoreTest : public ::testing::Test {
 protected:
  Factory factory_;  // declared first: outlives the store
  std::unique_ptr<KeyValueBytesStore> store_ = factory_.open("counts");
};

using Implementations =
    ::testing::Types<InMemoryStoreFactory, RocksDbStoreFactory>;
TYPED_TEST_SUITE(KeyValueBytesStoreTest, Implementations);

TYPED_TEST(KeyValueBytesStoreTest, NameIsTheOneGiven) {
  EXPECT_EQ(this->store_->name(), "counts");
}

TYPED_TEST(KeyValueBytesStoreTest, GetOfAMissingKeyIsNullopt) {
  auto got = this->store_->get("nope");
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  EXPECT_EQ(*got, std::nullopt);
}

TYPED_TEST(KeyValueBytesStoreTest, PutOverwriteAndDelete) {
  KeyValueBytesStore& store = *this->store_;
  ASSERT_TRUE(put(store, "k", "v1").ok());
  EXPECT_EQ(store.get("k").value(), "v1");
  ASSERT_TRUE(put(store, "k", "v2").ok());
  EXPECT_EQ(store.get("k").value(), "v2");
  ASSERT_TRUE(remove(store, "k").ok());
  EXPECT_EQ(store.get("k").value(), std::nullopt);
  ASSERT_TRUE(remove(store, "never-there").ok());
}

TYPED_TEST(KeyValueBytesStoreTest, BatchAppliesItsWritesInOrder) {
  KeyValueBytesStore& store = *this->store_;
  ASSERT_TRUE(store
                  .write_batch({{"a", "1"},
                                {"a", std::nullopt},
                                {"b", std::nullopt},
                                {"b", "2"},
                                {"c", "3"},
                                {"c", "4"}},
                               7)
                  .ok());
  EXPECT_THAT(all_entries(store), ElementsAre(Pair("b", "2"), Pair("c", "4")));
  EXPECT_EQ(store.committed_offset(), 7);
}

TYPED_TEST(KeyValueBytesStoreTest, RangeIncludesBothBounds) {
  KeyValueBytesStore& store = *this->store_;
  ASSERT_TRUE(
      store
          .write_batch(
              {{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}, {"e", "5"}}, -1)
          .ok());
  EXPECT_THAT(range_entries(store, "b", "d"),
              ElementsAre(Pair("b", "2"), Pair("c", "3"), Pair("d", "4")));
  EXPECT_THAT(range_entries(store, "c", "c"), ElementsAre(Pair("c", "3")));
  // Bounds that are not keys select what lies between them.
  EXPECT_THAT(range_entries(store, "bb", "dd"),
              ElementsAre(Pair("c", "3"), Pair("d", "4")));
  EXPECT_THAT(range_entries(store, "", "a"), ElementsAre(Pair("a", "1")));
  EXPECT_THAT(range_entries(store, "e", "\xff"), ElementsAre(Pair("e", "5")));
  EXPECT_THAT(range_entries(store, "d", "b"), IsEmpty());
  EXPECT_THAT(range_entries(store, "x", "z"), IsEmpty());
}

TYPED_TEST(KeyValueBytesStoreTest, DeleteRangeDropsFromIncludedToExcluded) {
  KeyValueBytesStore& store = *this->store_;
  ASSERT_TRUE(
      store.write_batch({{"a", "1"}, {"b", "2"}, {"bb", "3"}, {"c", "4"}}, 7)
          .ok());
  ASSERT_TRUE(store.delete_range("b", "c").ok());
  EXPECT_THAT(range_entries(store, "", "\xff"),
              ElementsAre(Pair("a", "1"), Pair("c", "4")));
  EXPECT_EQ(store.get("bb").value(), std::nullopt);
  EXPECT_EQ(store.committed_offset(), 7);  // unchanged
  // An empty or reversed range deletes nothing.
  ASSERT_TRUE(store.delete_range("c", "c").ok());
  ASSERT_TRUE(store.delete_range("z", "a").ok());
  EXPECT_THAT(range_entries(store, "", "\xff"),
              ElementsAre(Pair("a", "1"), Pair("c", "4")));
  // A later write to the range is kept.
  ASSERT_TRUE(store.write_batch({{"b", "5"}}, -1).ok());
  EXPECT_EQ(store.get("b").value(), "5");
}

TYPED_TEST(KeyValueBytesStoreTest, BinaryKeysAndValuesOrderBytewise) {
  // Sorted as unsigned bytes; NUL and 0xff inside keys and values.
  const std::vector<std::string> sorted = {
      ""s,     "\0"s,       "\0\0"s,  "\0\xff"s, "a"s,
      "a\0"s,  "a\0b"s,     "a\x01"s, "ab"s,     "\x7f"s,
      "\x80"s, "\xfe\xff"s, "\xff"s,  "\xff\0"s, "\xff\xff"s};
  std::vector<std::string> shuffled = sorted;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(42));
  std::vector<BytesWrite> writes;
  for (const std::string& key : shuffled) {
    writes.push_back({key, "v\0"s + key + "\xff"s});
  }
  ASSERT_TRUE(this->store_->write_batch(writes, 1).ok());

  Entries all = all_entries(*this->store_);
  ASSERT_EQ(all.size(), sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    EXPECT_EQ(all[i].first, sorted[i]) << "position " << i;
    EXPECT_EQ(all[i].second, "v\0"s + sorted[i] + "\xff"s);
  }
  EXPECT_EQ(this->store_->get("a\0"s).value(), "v\0a\0\xff"s);
  EXPECT_EQ(this->store_->get("a\0c"s).value(), std::nullopt);
  // "a\0" is inclusive and "a\0b" lies after it.
  EXPECT_THAT(range_entries(*this->store_, "a", "a\0"s),
              ElementsAre(Pair("a", ::testing::_), Pair("a\0"s, ::testing::_)));
  // An upper bound of 0xff includes "\xff" but not "\xff\0".
  Entries high = range_entries(*this->store_, "\x80", "\xff");
  ASSERT_EQ(high.size(), 3u);
  EXPECT_EQ(high.back().first, "\xff");
  EXPECT_EQ(range_entries(*this->store_, "\0"s, "\0\xff"s).size(), 3u);
}

TYPED_TEST(KeyValueBytesStoreTest, AllVisitsEveryKeyInOrder) {
  std::vector<BytesWrite> writes;
  for (int i = 999; i >= 0; --i) {
    char key[8];
    std::snprintf(key, sizeof key, "k%04d", i);
    writes.push_back({key, std::to_string(i)});
  }
  ASSERT_TRUE(this->store_->write_batch(writes, -1).ok());
  Entries all = all_entries(*this->store_);
  ASSERT_EQ(all.size(), 1000u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(all.front(), std::make_pair("k0000"s, "0"s));
  EXPECT_EQ(all.back(), std::make_pair("k0999"s, "999"s));
}

TYPED_TEST(KeyValueBytesStoreTest, VisitorReturningFalseStopsEarly) {
  ASSERT_TRUE(
      this->store_->write_batch({{"a", "1"}, {"b", "2"}, {"c", "3"}}, -1).ok());
  Entries seen;
  ASSERT_TRUE(this->store_->all(collector(seen, 2)).ok());
  EXPECT_THAT(seen, ElementsAre(Pair("a", "1"), Pair("b", "2")));
  seen.clear();
  ASSERT_TRUE(this->store_->range("b", "c", collector(seen, 1)).ok());
  EXPECT_THAT(seen, ElementsAre(Pair("b", "2")));
}

TYPED_TEST(KeyValueBytesStoreTest, CommittedOffsetRoundTrip) {
  KeyValueBytesStore& store = *this->store_;
  EXPECT_EQ(store.committed_offset(), -1);
  ASSERT_TRUE(put(store, "a", "1", 0).ok());
  EXPECT_EQ(store.committed_offset(), 0);
  ASSERT_TRUE(put(store, "a", "2", 41).ok());
  EXPECT_EQ(store.committed_offset(), 41);
  ASSERT_TRUE(put(store, "a", "3", -1).ok());  // -1 leaves it unchanged
  EXPECT_EQ(store.committed_offset(), 41);
  ASSERT_TRUE(store.write_batch({}, 1LL << 40).ok());  // offset only
  EXPECT_EQ(store.committed_offset(), 1LL << 40);
  EXPECT_EQ(store.get("a").value(), "3");
}

TYPED_TEST(KeyValueBytesStoreTest, OffsetBelowMinusOneIsRejectedWithNoWrite) {
  Status s = put(*this->store_, "a", "1", -2);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->get("a").value(), std::nullopt);
  EXPECT_EQ(this->store_->committed_offset(), -1);
}

TYPED_TEST(KeyValueBytesStoreTest, ApproximateSizeTracksTheKeyCount) {
  EXPECT_EQ(this->store_->approximate_size(), 0u);
  std::vector<BytesWrite> writes;
  for (int i = 0; i < 100; ++i)
    writes.push_back({"k" + std::to_string(i), "v"});
  ASSERT_TRUE(this->store_->write_batch(writes, -1).ok());
  EXPECT_GE(this->store_->approximate_size(), 90u);
  EXPECT_LE(this->store_->approximate_size(), 110u);
  ASSERT_TRUE(this->store_->flush().ok());
  EXPECT_GE(this->store_->approximate_size(), 90u);
  EXPECT_LE(this->store_->approximate_size(), 110u);
}

TYPED_TEST(KeyValueBytesStoreTest, FlushKeepsEverything) {
  ASSERT_TRUE(put(*this->store_, "a", "1", 3).ok());
  ASSERT_TRUE(this->store_->flush().ok());
  EXPECT_EQ(this->store_->get("a").value(), "1");
  EXPECT_EQ(this->store_->committed_offset(), 3);
}

// A reader thread iterates and reads while the writer commits batches that
// set every key to the batch number: each iteration must see one whole batch
// (all keys equal), and what it sees must never go backwards.
TYPED_TEST(KeyValueBytesStoreTest, ConcurrentReaderSeesWholeBatches) {
  constexpr int kKeys = 50;
  constexpr int kBatches = 300;
  KeyValueBytesStore& store = *this->store_;
  auto batch_of = [](int n) {
    std::vector<BytesWrite> writes;
    char value[16];
    std::snprintf(value, sizeof value, "%08d", n);
    for (int k = 0; k < kKeys; ++k) {
      writes.push_back({"key" + std::to_string(k), std::string(value)});
    }
    return writes;
  };
  ASSERT_TRUE(store.write_batch(batch_of(0), 0).ok());

  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::atomic<int> scans{0};
  std::thread reader([&] {
    std::string last_seen;
    while (!done.load()) {
      std::string first;
      int count = 0;
      bool uniform = true;
      Status s = store.all([&](std::string_view, std::string_view value) {
        if (count++ == 0) first = value;
        uniform = uniform && value == first;
        return true;
      });
      if (!s.ok() || !uniform || count != kKeys || first < last_seen) {
        failures.fetch_add(1);
      }
      last_seen = first;
      auto got = store.get("key7");
      if (!got.ok() || !got->has_value() || **got < last_seen) {
        failures.fetch_add(1);
      }
      if (store.committed_offset() < 0) failures.fetch_add(1);
      scans.fetch_add(1);
    }
  });
  for (int n = 1; n <= kBatches; ++n) {
    ASSERT_TRUE(store.write_batch(batch_of(n), n).ok());
    if (n % 100 == 0) {
      ASSERT_TRUE(store.flush().ok());
    }
  }
  while (scans.load() < 10) std::this_thread::yield();
  done.store(true);
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store.committed_offset(), kBatches);
}

}  // namespace
}  // namespace sluice::state
