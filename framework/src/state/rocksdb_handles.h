// RAII ownership of RocksDB handles. Every RocksDB object sluice creates
// lives in one of these unique_ptrs; nothing is deleted by hand.
//
// Thread-safety: the deleters are stateless apart from the owning
// database or environment; each pointer is owned by one object.
#ifndef SLUICE_SRC_STATE_ROCKSDB_HANDLES_H_
#define SLUICE_SRC_STATE_ROCKSDB_HANDLES_H_

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/iterator.h>

#include <memory>

namespace sluice::state {

// A database; deleting it closes it (flushing memtables when the WAL is off).
using DbPtr = std::unique_ptr<rocksdb::DB>;

// An iterator; it pins the data it reads until destroyed.
using IteratorPtr = std::unique_ptr<rocksdb::Iterator>;

// Destroys a column family handle through the database that created it.
// REQUIRES: the database outlives the handle (declare the handle after it).
struct ColumnFamilyHandleDeleter {
  rocksdb::DB* db = nullptr;
  void operator()(rocksdb::ColumnFamilyHandle* handle) const noexcept {
    if (handle != nullptr) {
      db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
  }
};
using ColumnFamilyPtr =
    std::unique_ptr<rocksdb::ColumnFamilyHandle, ColumnFamilyHandleDeleter>;

// Releases a lock taken with rocksdb::Env::LockFile.
struct FileLockReleaser {
  rocksdb::Env* env = nullptr;
  void operator()(rocksdb::FileLock* lock) const noexcept {
    if (lock != nullptr) env->UnlockFile(lock).PermitUncheckedError();
  }
};
using FileLockPtr = std::unique_ptr<rocksdb::FileLock, FileLockReleaser>;

}  // namespace sluice::state

#endif  // SLUICE_SRC_STATE_ROCKSDB_HANDLES_H_
