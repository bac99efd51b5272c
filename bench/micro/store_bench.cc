// Per-record cost of an aggregate-style update (get, modify, put of a
// 64-byte value over 10,000 keys) through:
//   BM_UnorderedMap        a std::unordered_map (the floor);
//   BM_WriteBackCache/dirty_only
//                          an unordered_map of dirty entries in front of
//                          RocksDbKeyValueStore, flushed as one write_batch
//                          every 1,000 updates (WAL off), then emptied;
//   BM_WriteBackCache/retaining
//                          the same, but entries stay cached once read or
//                          committed (what a caching store layer would do);
//   BM_RocksDbPerRecord    RocksDbKeyValueStore with one write_batch per
//                          update (WAL off);
//   BM_TaskStore/budget    the real TaskStore over RocksDbKeyValueStore,
//                          committed (log_dirty + write_pending, no
//                          changelog) every 1,000 updates, with a cache of
//                          `budget` bytes: 0 keeps only dirty entries (what
//                          TaskStore did before it kept clean ones), 1 MiB
//                          holds about half of the 10,000 keys, 10 MiB (the
//                          default statestore.cache.max.bytes) all of them.
// Run: build/bench/bench/micro/sluice_bench_store
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "state/rocksdb_key_value_store.h"
#include "state/store_resources.h"
#include "state/task_store.h"

namespace sluice::state {
namespace {

constexpr int kKeys = 10'000;
constexpr std::size_t kValueBytes = 64;
constexpr int kUpdatesPerCommit = 1'000;
constexpr std::size_t kSequenceLength = 1 << 16;

// The keys updated, in a fixed pseudo-random order (uniform over kKeys).
const std::vector<std::string>& key_sequence() {
  static const std::vector<std::string> sequence = [] {
    std::mt19937 random(7);
    std::uniform_int_distribution<int> pick(0, kKeys - 1);
    std::vector<std::string> keys(kSequenceLength);
    for (std::string& key : keys)
      key = "sensor-" + std::to_string(pick(random));
    return keys;
  }();
  return sequence;
}

std::string key_of(int i) { return "sensor-" + std::to_string(i); }

// The aggregate: a 64-byte value whose first 8 bytes count the updates.
std::string updated(const std::optional<std::string>& old) {
  std::string value = old.value_or(std::string(kValueBytes, '\0'));
  std::uint64_t count = 0;
  std::memcpy(&count, value.data(), sizeof count);
  ++count;
  std::memcpy(value.data(), &count, sizeof count);
  return value;
}

// A store in a fresh directory under /tmp, preloaded with every key.
class BenchStore {
 public:
  BenchStore() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sluice-bench-XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    dir_ = pattern;
    resources_ = StoreResources::create().value();
    store_ = RocksDbKeyValueStore::open("bench", dir_ + "/store", *resources_)
                 .value();
    std::vector<BytesWrite> writes;
    for (int i = 0; i < kKeys; ++i) writes.push_back({key_of(i), updated({})});
    store_->write_batch(writes, 0).throw_if_error();
  }
  ~BenchStore() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  BenchStore(const BenchStore&) = delete;
  BenchStore& operator=(const BenchStore&) = delete;

  RocksDbKeyValueStore& store() { return *store_; }

 private:
  std::string dir_;
  std::unique_ptr<StoreResources> resources_;
  std::unique_ptr<RocksDbKeyValueStore> store_;
};

// A write-back cache in front of a store: puts stay in memory until
// commit() writes the dirty entries as one batch. With `retain`, committed
// entries stay cached (clean) and gets that miss are cached too; without it
// the map holds only the dirty entries and is cleared on commit.
class WriteBackCache {
 public:
  WriteBackCache(KeyValueBytesStore& store, bool retain)
      : store_(store), retain_(retain) {}

  std::optional<std::string> get(const std::string& key) {
    auto it = entries_.find(key);
    if (it != entries_.end()) return it->second.value;
    std::optional<std::string> value = store_.get(key).value();
    if (retain_ && value.has_value()) entries_.emplace(key, Entry{*value});
    return value;
  }
  void put(const std::string& key, std::string value) {
    auto [it, inserted] = entries_.try_emplace(key);
    if (inserted || !it->second.dirty) dirty_keys_.push_back(key);
    it->second = Entry{std::move(value), true};
  }
  void commit(std::int64_t offset) {
    std::vector<BytesWrite> writes;
    writes.reserve(dirty_keys_.size());
    for (const std::string& key : dirty_keys_) {
      Entry& entry = entries_.at(key);
      writes.push_back({key, entry.value});
      entry.dirty = false;
    }
    store_.write_batch(writes, offset).throw_if_error();
    dirty_keys_.clear();
    if (!retain_) entries_.clear();
  }

 private:
  struct Entry {
    std::string value;
    bool dirty = false;
  };

  KeyValueBytesStore& store_;
  const bool retain_;
  std::unordered_map<std::string, Entry> entries_;
  std::vector<std::string> dirty_keys_;
};

void BM_UnorderedMap(benchmark::State& state) {
  std::unordered_map<std::string, std::string> map;
  for (int i = 0; i < kKeys; ++i) map.emplace(key_of(i), updated({}));
  const auto& keys = key_sequence();
  std::size_t n = 0;
  for (auto _ : state) {
    const std::string& key = keys[n++ % kSequenceLength];
    auto it = map.find(key);
    it->second = updated(it->second);
    benchmark::DoNotOptimize(it->second.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_WriteBackCache(benchmark::State& state, bool retain) {
  BenchStore bench;
  WriteBackCache cache(bench.store(), retain);
  const auto& keys = key_sequence();
  std::size_t n = 0;
  std::int64_t offset = 0;
  for (auto _ : state) {
    const std::string& key = keys[n++ % kSequenceLength];
    cache.put(key, updated(cache.get(key)));
    if (n % kUpdatesPerCommit == 0) cache.commit(++offset);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_RocksDbPerRecord(benchmark::State& state) {
  BenchStore bench;
  RocksDbKeyValueStore& store = bench.store();
  const auto& keys = key_sequence();
  std::size_t n = 0;
  std::int64_t offset = 0;
  for (auto _ : state) {
    const std::string& key = keys[n++ % kSequenceLength];
    std::string value = updated(store.get(key).value());
    store.write_batch({{key, std::move(value)}}, ++offset).throw_if_error();
  }
  state.SetItemsProcessed(state.iterations());
}

// A sink for stores without a changelog: nothing is sent.
class NoChangelog final : public RecordSink {
 public:
  void send(const detail::OutgoingRecord&) override {}
  std::int64_t last_offset(std::string_view, std::int32_t) const override {
    return -1;
  }
};

void BM_TaskStore(benchmark::State& state) {
  BenchStore bench;
  // The store is owned by BenchStore; TaskStore gets a non-owning handle.
  std::shared_ptr<KeyValueBytesStore> inner(&bench.store(),
                                            [](KeyValueBytesStore*) {});
  TaskStore store("bench", inner, "", 0,
                  static_cast<std::size_t>(state.range(0)));
  NoChangelog sink;
  const auto& keys = key_sequence();
  std::size_t n = 0;
  for (auto _ : state) {
    const std::string& key = keys[n++ % kSequenceLength];
    std::optional<std::string> old;
    if (auto v = store.get(key)) old.emplace(*v);
    store.put(key, updated(old));
    if (n % kUpdatesPerCommit == 0) {
      store.log_dirty(sink);
      store.write_pending(sink).throw_if_error();
    }
  }
  state.counters["cached_keys"] = static_cast<double>(store.cached_entries());
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_UnorderedMap);
BENCHMARK_CAPTURE(BM_WriteBackCache, dirty_only, false);
BENCHMARK_CAPTURE(BM_WriteBackCache, retaining, true);
BENCHMARK(BM_RocksDbPerRecord);
BENCHMARK(BM_TaskStore)->Arg(0)->Arg(1 << 20)->Arg(10 << 20);

}  // namespace
}  // namespace sluice::state

BENCHMARK_MAIN();
