// Translation of rocksdb::Status into sluice's Status, with the store's
// context (name and path) in the message.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef SLUICE_SRC_STATE_ROCKSDB_STATUS_H_
#define SLUICE_SRC_STATE_ROCKSDB_STATUS_H_

#include <rocksdb/status.h>

#include <string_view>

#include "sluice/status.h"

namespace sluice::state {

// Returns ok for an ok `status`; otherwise a sluice Status whose message is
// "<context>: <RocksDB's message>". The code says what the caller can do:
//   kUnavailable        the directory's LOCK is held (by this or another
//                       process); retrying once the owner closed may succeed.
//   kFailedPrecondition the files are corrupt or were written with options
//                       this store cannot open; destroy and restore.
//   kInternal           anything else (I/O errors, bugs).
Status from_rocksdb(const rocksdb::Status& status, std::string_view context);

}  // namespace sluice::state

#endif  // SLUICE_SRC_STATE_ROCKSDB_STATUS_H_
