// RocksDbKeyValueStore: a persistent KeyValueBytesStore, one RocksDB
// instance per store per task, in a directory of its own (the runtime uses
// <state.dir>/<application.id>/<task_id>/<store name>).
//
// Layout: user keys and values live in the default column family, in
// bytewise order. The changelog offset lives in the "sluice_meta" column
// family under the key "changelog_offset" (8 bytes, big-endian), written in
// the same WriteBatch as the data it describes.
//
// Durability: every write goes without the WAL (the Kafka changelog is the
// durable log), so an unflushed batch is lost in a crash. Atomic flush makes
// both column families reach disk together, so after a crash the store is
// as of some earlier batch, whole, with that batch's offset. flush() and a
// clean close (the destructor) persist everything written.
//
// Thread-safety: one writer thread; get(), range(), all(), committed_offset()
// and approximate_size() are safe from other threads at the same time. Each
// range()/all() reads one consistent view (an iterator's implicit snapshot).
// REQUIRES: no call is in progress when the store is destroyed.
#ifndef SLUICE_SRC_STATE_ROCKSDB_KEY_VALUE_STORE_H_
#define SLUICE_SRC_STATE_ROCKSDB_KEY_VALUE_STORE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/key_value_bytes_store.h"
#include "state/rocksdb_handles.h"
#include "state/store_resources.h"

namespace sluice::state {

class RocksDbKeyValueStore final : public KeyValueBytesStore {
 public:
  // The column family holding the changelog offset.
  static constexpr std::string_view kMetaColumnFamily = "sluice_meta";
  // The offset's key in kMetaColumnFamily.
  static constexpr std::string_view kOffsetKey = "changelog_offset";

  // Opens (creating the directories and the database if missing) the store
  // `name` at `path`, with `resources`' options, cache and write buffers.
  // Errors name the store and the path:
  //   kUnavailable        `path` is already open, in this process or another.
  //   kFailedPrecondition the files are corrupt or unreadable as a store;
  //                       destroy(path) and restore from the changelog.
  //   kInternal           I/O and other failures.
  static StatusOr<std::unique_ptr<RocksDbKeyValueStore>> open(
      std::string name, std::string path, const StoreResources& resources);

  // Removes the store directory at `path` and everything in it; ok if it does
  // not exist. kUnavailable when a store is open there (its LOCK is held).
  static Status destroy(const std::string& path);

  // Closes the database; RocksDB flushes the memtables first (WAL off).
  ~RocksDbKeyValueStore() override;

  RocksDbKeyValueStore(const RocksDbKeyValueStore&) = delete;
  RocksDbKeyValueStore& operator=(const RocksDbKeyValueStore&) = delete;

  // The name given to open().
  const std::string& name() const noexcept override { return name_; }
  // The directory the store lives in.
  const std::string& path() const noexcept { return path_; }

  // The value under `key`, or nullopt; a read error (e.g. a corrupt block)
  // is a non-ok status with the store's path.
  StatusOr<std::optional<std::string>> get(std::string_view key) const override;

  // Visits [from, to] in bytewise order from one consistent view; empty when
  // from > to. The views passed to `visit` live until it returns.
  Status range(std::string_view from, std::string_view to,
               const BytesVisitor& visit) const override;
  // Visits every key, like range() over the whole key space.
  Status all(const BytesVisitor& visit) const override;

  // One RocksDB WriteBatch, WAL disabled: the writes and, when
  // changelog_offset >= 0, the offset. kInvalidArgument when
  // changelog_offset < -1.
  Status write_batch(const std::vector<BytesWrite>& writes,
                     std::int64_t changelog_offset) override;
  Status delete_range(std::string_view from, std::string_view to) override;

  // The offset of the last batch that carried one (read from the store at
  // open, then tracked in memory), or -1.
  std::int64_t committed_offset() const override {
    return committed_offset_.load(std::memory_order_acquire);
  }

  // RocksDB's "rocksdb.estimate-num-keys" for the data.
  std::uint64_t approximate_size() const override;

  // Flushes the memtables of both column families atomically and waits.
  Status flush() override;

 private:
  RocksDbKeyValueStore(std::string name, std::string path);

  // Reads the stored offset into committed_offset_.
  Status load_committed_offset();
  // Visits from the iterator's position to its end (its upper bound, if
  // any) or until `visit` returns false; then reports the iterator's status.
  Status visit_all(rocksdb::Iterator& it, const BytesVisitor& visit) const;
  // "store '<name>' at <path>", for messages.
  std::string context() const;

  const std::string name_;
  const std::string path_;
  DbPtr db_;
  ColumnFamilyPtr data_;  // default column family; destroyed before db_
  ColumnFamilyPtr meta_;  // kMetaColumnFamily; destroyed before db_
  std::atomic<std::int64_t> committed_offset_{-1};
};

}  // namespace sluice::state

#endif  // SLUICE_SRC_STATE_ROCKSDB_KEY_VALUE_STORE_H_
