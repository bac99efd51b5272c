// StoreResources: the memory and thread budget shared by every RocksDB store
// of one sluice instance, and the rocksdb::Options factory they all use.
//
// Memory: ONE LRU block cache of `total_memory_bytes`, and ONE
// WriteBufferManager whose memtable budget (`write_buffer_ratio` of the
// total) is charged to that same cache. Memtables and cached blocks (data,
// index and filter blocks) therefore share a single bound: whatever the
// memtables do not use is available to reads, and a store count that grows
// with the number of tasks does not multiply memory. The cache is not
// strict (a strict cache fails reads when full), so pinned blocks may
// exceed the bound briefly.
//
// Default 32 MiB: 16 MiB for memtables (stream aggregations write every
// record; a larger memtable absorbs repeated updates of hot keys before they
// reach an SST), the rest for blocks, of which 10% is a high-priority pool
// that keeps index and filter blocks from being evicted by data blocks.
//
// Thread-safety: immutable after construction; the cache and the write
// buffer manager are thread-safe. Safe to share between threads. Stores keep
// their own references to the cache and manager, so StoreResources may be
// destroyed before the stores opened with it.
#ifndef SLUICE_SRC_STATE_STORE_RESOURCES_H_
#define SLUICE_SRC_STATE_STORE_RESOURCES_H_

#include <rocksdb/options.h>

#include <cstddef>
#include <memory>

#include "sluice/status.h"

namespace rocksdb {
class Cache;
class WriteBufferManager;
}  // namespace rocksdb

namespace sluice::state {

// The knobs of StoreResources. The defaults fit a small instance (2 cores,
// everything RocksDB holds in memory within 32 MiB).
struct StoreResourcesConfig {
  static constexpr std::size_t kMiB = std::size_t{1} << 20;

  // Block cache capacity; memtables are charged to it too.
  std::size_t total_memory_bytes = 32 * kMiB;
  // The share of the total that memtables may use before the write buffer
  // manager flushes the largest one. In (0, 1).
  double write_buffer_ratio = 0.5;
  // The share of the cache reserved for index and filter blocks. In [0, 1).
  double index_filter_ratio = 0.1;
  // One memtable's size (per store and column family). Small, so that many
  // stores fit in the shared budget.
  std::size_t write_buffer_size = 4 * kMiB;
  // Flushes plus compactions per store; RocksDB's shared thread pool grows to
  // this size, so it also bounds the process's background threads.
  int max_background_jobs = 2;
  // Table files kept open per store.
  int max_open_files = 64;
};

class StoreResources {
 public:
  // Validates `config` and creates the shared cache and write buffer
  // manager. kInvalidArgument names the offending field.
  static StatusOr<std::unique_ptr<StoreResources>> create(
      StoreResourcesConfig config = {});

  StoreResources(const StoreResources&) = delete;
  StoreResources& operator=(const StoreResources&) = delete;

  // The DB options every store opens with: create_if_missing, atomic_flush
  // (data and metadata column families flush together), the shared write
  // buffer manager, bounded background jobs and open files, a small info log.
  rocksdb::Options db_options() const;

  // The column family options every column family of every store uses:
  // small write buffers, LZ4 when this RocksDB supports it (else none), a
  // block-based table with the shared cache and a 10-bit bloom filter.
  rocksdb::ColumnFamilyOptions column_family_options() const;

  const StoreResourcesConfig& config() const noexcept { return config_; }

  // Bytes currently held by the shared cache, memtable reservations included.
  std::size_t cache_usage() const;
  // Bytes currently used by the memtables of all stores.
  std::size_t memtable_usage() const;

 private:
  StoreResources(StoreResourcesConfig config,
                 std::shared_ptr<rocksdb::Cache> cache,
                 std::shared_ptr<rocksdb::WriteBufferManager> write_buffers);

  StoreResourcesConfig config_;
  std::shared_ptr<rocksdb::Cache> cache_;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers_;
  rocksdb::CompressionType compression_;
};

}  // namespace sluice::state

#endif  // SLUICE_SRC_STATE_STORE_RESOURCES_H_
