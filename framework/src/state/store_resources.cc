#include "state/store_resources.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_buffer_manager.h>

#include <algorithm>
#include <string>
#include <utility>

namespace sluice::state {
namespace {

constexpr double kBloomBitsPerKey = 10.0;
constexpr std::size_t kMaxInfoLogBytes = 1 << 20;
constexpr std::size_t kInfoLogFilesKept = 2;
constexpr int kMaxWriteBufferNumber = 3;
constexpr std::size_t kMinWriteBufferBytes = std::size_t{64} << 10;

Status validate(const StoreResourcesConfig& config) {
  if (config.total_memory_bytes < StoreResourcesConfig::kMiB) {
    return invalid_argument(
        "state store total_memory_bytes must be at least 1 MiB, got " +
        std::to_string(config.total_memory_bytes));
  }
  if (!(config.write_buffer_ratio > 0.0 && config.write_buffer_ratio < 1.0)) {
    return invalid_argument(
        "state store write_buffer_ratio must be in (0, 1), got " +
        std::to_string(config.write_buffer_ratio));
  }
  if (!(config.index_filter_ratio >= 0.0 && config.index_filter_ratio < 1.0)) {
    return invalid_argument(
        "state store index_filter_ratio must be in [0, 1), got " +
        std::to_string(config.index_filter_ratio));
  }
  if (config.write_buffer_size < kMinWriteBufferBytes) {
    return invalid_argument(
        "state store write_buffer_size must be at least 64 KiB, got " +
        std::to_string(config.write_buffer_size));
  }
  if (config.max_background_jobs < 1) {
    return invalid_argument(
        "state store max_background_jobs must be at least 1");
  }
  if (config.max_open_files < 16 && config.max_open_files != -1) {
    return invalid_argument(
        "state store max_open_files must be -1 or at least 16");
  }
  return Status::ok_status();
}

// LZ4 is cheap enough for a write-heavy store and Debian builds RocksDB
// with it; fall back to no compression on a build without it.
rocksdb::CompressionType pick_compression() {
  const auto supported = rocksdb::GetSupportedCompressions();
  const bool has_lz4 = std::find(supported.begin(), supported.end(),
                                 rocksdb::kLZ4Compression) != supported.end();
  return has_lz4 ? rocksdb::kLZ4Compression : rocksdb::kNoCompression;
}

}  // namespace

StatusOr<std::unique_ptr<StoreResources>> StoreResources::create(
    StoreResourcesConfig config) {
  if (Status s = validate(config); !s.ok()) return s;
  rocksdb::LRUCacheOptions cache_options;
  cache_options.capacity = config.total_memory_bytes;
  cache_options.strict_capacity_limit = false;
  cache_options.high_pri_pool_ratio = config.index_filter_ratio;
  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(cache_options);
  const auto write_buffer_bytes =
      static_cast<std::size_t>(static_cast<double>(config.total_memory_bytes) *
                               config.write_buffer_ratio);
  auto write_buffers = std::make_shared<rocksdb::WriteBufferManager>(
      write_buffer_bytes, cache, /*allow_stall=*/false);
  return std::unique_ptr<StoreResources>(
      new StoreResources(config, std::move(cache), std::move(write_buffers)));
}

StoreResources::StoreResources(
    StoreResourcesConfig config, std::shared_ptr<rocksdb::Cache> cache,
    std::shared_ptr<rocksdb::WriteBufferManager> write_buffers)
    : config_(config),
      cache_(std::move(cache)),
      write_buffers_(std::move(write_buffers)),
      compression_(pick_compression()) {}

rocksdb::Options StoreResources::db_options() const {
  rocksdb::Options options(rocksdb::DBOptions(), column_family_options());
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  // Without a WAL, only atomic flushes keep the data and the changelog
  // offset (separate column families) consistent on disk.
  options.atomic_flush = true;
  // With the WAL off, closing must flush the memtables (RocksDB's default;
  // stated because the durability protocol depends on it).
  options.avoid_flush_during_shutdown = false;
  options.write_buffer_manager = write_buffers_;
  options.max_background_jobs = config_.max_background_jobs;
  options.max_open_files = config_.max_open_files;
  options.max_log_file_size = kMaxInfoLogBytes;
  options.keep_log_file_num = kInfoLogFilesKept;
  options.stats_dump_period_sec = 0;
  return options;
}

rocksdb::ColumnFamilyOptions StoreResources::column_family_options() const {
  rocksdb::ColumnFamilyOptions options;
  options.write_buffer_size = config_.write_buffer_size;
  options.max_write_buffer_number = kMaxWriteBufferNumber;
  options.compression = compression_;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache_;
  table.cache_index_and_filter_blocks = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

std::size_t StoreResources::cache_usage() const { return cache_->GetUsage(); }

std::size_t StoreResources::memtable_usage() const {
  return write_buffers_->memory_usage();
}

}  // namespace sluice::state
