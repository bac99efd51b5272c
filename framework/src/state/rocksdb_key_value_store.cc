#include "state/rocksdb_key_value_store.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/iterator.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "state/rocksdb_status.h"
#include "state/rocksdb_tsan.h"

namespace sluice::state {
namespace {

constexpr std::size_t kOffsetBytes = 8;
constexpr std::string_view kEstimateNumKeys = "rocksdb.estimate-num-keys";

std::string encode_offset(std::int64_t offset) {
  std::string out(kOffsetBytes, '\0');
  auto bits = static_cast<std::uint64_t>(offset);
  for (std::size_t i = 0; i < kOffsetBytes; ++i) {
    out[kOffsetBytes - 1 - i] = static_cast<char>(bits & 0xff);
    bits >>= 8;
  }
  return out;
}

std::optional<std::int64_t> decode_offset(std::string_view bytes) {
  if (bytes.size() != kOffsetBytes) return std::nullopt;
  std::uint64_t bits = 0;
  for (char c : bytes) bits = (bits << 8) | static_cast<unsigned char>(c);
  return static_cast<std::int64_t>(bits);
}

// Every write of this store: without the WAL (the changelog topic is the
// log; see the header).
rocksdb::WriteOptions unlogged_writes() {
  rocksdb::WriteOptions options;
  options.disableWAL = true;
  return options;
}

std::string describe(std::string_view what, const std::string& path) {
  return std::string(what) + " at " + path;
}

}  // namespace

RocksDbKeyValueStore::RocksDbKeyValueStore(std::string name, std::string path)
    : name_(std::move(name)), path_(std::move(path)) {}

RocksDbKeyValueStore::~RocksDbKeyValueStore() = default;

std::string RocksDbKeyValueStore::context() const {
  return "state store '" + name_ + "' at " + path_;
}

StatusOr<std::unique_ptr<RocksDbKeyValueStore>> RocksDbKeyValueStore::open(
    std::string name, std::string path, const StoreResources& resources) {
  std::unique_ptr<RocksDbKeyValueStore> store(
      new RocksDbKeyValueStore(std::move(name), std::move(path)));
  std::error_code ec;
  std::filesystem::create_directories(store->path_, ec);
  if (ec) {
    return internal_error(store->context() +
                          ": cannot create the directory: " + ec.message());
  }
  const rocksdb::ColumnFamilyOptions cf_options =
      resources.column_family_options();
  const std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, cf_options},
      {std::string(kMetaColumnFamily), cf_options}};
  rocksdb::DB* raw_db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s = rocksdb::DB::Open(resources.db_options(), store->path_,
                                        families, &handles, &raw_db);
  if (!s.ok()) return from_rocksdb(s, "cannot open " + store->context());
  store->db_.reset(raw_db);
  store->data_ =
      ColumnFamilyPtr(handles.at(0), ColumnFamilyHandleDeleter{raw_db});
  store->meta_ =
      ColumnFamilyPtr(handles.at(1), ColumnFamilyHandleDeleter{raw_db});
  if (Status loaded = store->load_committed_offset(); !loaded.ok())
    return loaded;
  return store;
}

Status RocksDbKeyValueStore::load_committed_offset() {
  std::string bytes;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), meta_.get(), kOffsetKey, &bytes);
  if (s.IsNotFound()) return Status::ok_status();  // a new store
  if (!s.ok()) return from_rocksdb(s, "cannot read the offset of " + context());
  std::optional<std::int64_t> offset = decode_offset(bytes);
  if (!offset.has_value() || *offset < 0) {
    return failed_precondition(context() + ": the stored changelog offset is " +
                               std::to_string(bytes.size()) +
                               " bytes, not a valid offset; destroy the store "
                               "and restore it from its changelog");
  }
  committed_offset_.store(*offset, std::memory_order_release);
  return Status::ok_status();
}

Status RocksDbKeyValueStore::destroy(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (ec)
      return internal_error(describe("cannot inspect state store", path) +
                            ": " + ec.message());
    return Status::ok_status();
  }
  rocksdb::Env* env = rocksdb::Env::Default();
  FileLockPtr lock(nullptr, FileLockReleaser{env});
  const std::string lock_file = (fs::path(path) / "LOCK").string();
  if (fs::exists(lock_file, ec)) {
    rocksdb::FileLock* raw_lock = nullptr;
    rocksdb::Status s = env->LockFile(lock_file, &raw_lock);
    if (!s.ok())
      return from_rocksdb(s, describe("cannot destroy state store", path));
    lock.reset(raw_lock);
  }
  // Holding the lock while removing keeps a concurrent open out; the lock is
  // released (and its descriptor closed) after the files are gone.
  fs::remove_all(path, ec);
  if (ec) {
    return internal_error(describe("cannot destroy state store", path) + ": " +
                          ec.message());
  }
  return Status::ok_status();
}

StatusOr<std::optional<std::string>> RocksDbKeyValueStore::get(
    std::string_view key) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), data_.get(), key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return from_rocksdb(s, "get from " + context());
  return std::optional<std::string>(std::move(value));
}

Status RocksDbKeyValueStore::range(std::string_view from, std::string_view to,
                                   const BytesVisitor& visit) const {
  if (from > to) return Status::ok_status();
  // The smallest key after `to` is `to` followed by a NUL byte: an exclusive
  // bound there makes `to` inclusive.
  std::string upper(to);
  upper.push_back('\0');
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_slice;
  IteratorPtr it(db_->NewIterator(options, data_.get()));
  it->Seek(from);
  return visit_all(*it, visit);
}

Status RocksDbKeyValueStore::all(const BytesVisitor& visit) const {
  IteratorPtr it(db_->NewIterator(rocksdb::ReadOptions(), data_.get()));
  it->SeekToFirst();
  return visit_all(*it, visit);
}

Status RocksDbKeyValueStore::visit_all(rocksdb::Iterator& it,
                                       const BytesVisitor& visit) const {
  for (; it.Valid(); it.Next()) {
    if (!visit(it.key().ToStringView(), it.value().ToStringView())) break;
  }
  return from_rocksdb(it.status(), "iterate over " + context());
}

Status RocksDbKeyValueStore::write_batch(const std::vector<BytesWrite>& writes,
                                         std::int64_t changelog_offset) {
  if (changelog_offset < -1) {
    return invalid_argument(context() + ": changelog offset " +
                            std::to_string(changelog_offset) + " is below -1");
  }
  rocksdb::WriteBatch batch;
  for (const BytesWrite& write : writes) {
    rocksdb::Status s = write.value.has_value()
                            ? batch.Put(data_.get(), write.key, *write.value)
                            : batch.Delete(data_.get(), write.key);
    if (!s.ok()) return from_rocksdb(s, "batch for " + context());
  }
  if (changelog_offset >= 0) {
    rocksdb::Status s =
        batch.Put(meta_.get(), kOffsetKey, encode_offset(changelog_offset));
    if (!s.ok()) return from_rocksdb(s, "batch for " + context());
  }
  rocksdb::Status s;
  {
    [[maybe_unused]] const TsanIgnoreWritesScope memtable_copies;
    s = db_->Write(unlogged_writes(), &batch);
  }
  if (!s.ok()) return from_rocksdb(s, "write to " + context());
  if (changelog_offset >= 0) {
    committed_offset_.store(changelog_offset, std::memory_order_release);
  }
  return Status::ok_status();
}

Status RocksDbKeyValueStore::delete_range(std::string_view from,
                                          std::string_view to) {
  if (!(from < to)) return Status::ok_status();
  rocksdb::Status s;
  {
    [[maybe_unused]] const TsanIgnoreWritesScope memtable_copies;
    s = db_->DeleteRange(unlogged_writes(), data_.get(), from, to);
  }
  return from_rocksdb(s, "delete range in " + context());
}

std::uint64_t RocksDbKeyValueStore::approximate_size() const {
  std::uint64_t keys = 0;
  if (!db_->GetIntProperty(data_.get(), kEstimateNumKeys, &keys)) return 0;
  return keys;
}

Status RocksDbKeyValueStore::flush() {
  rocksdb::FlushOptions options;
  options.wait = true;
  return from_rocksdb(db_->Flush(options, {data_.get(), meta_.get()}),
                      "flush " + context());
}

}  // namespace sluice::state
