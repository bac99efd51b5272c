#include "state/rocksdb_status.h"

#include <string>

namespace sluice::state {
namespace {

// RocksDB reports a held lock as an IOError naming the LOCK file, both for
// the same process ("lock hold by current process") and for another one
// (fcntl's "Resource temporarily unavailable").
bool is_lock_error(const rocksdb::Status& status) {
  return status.IsIOError() &&
         status.ToString().find("/LOCK") != std::string::npos;
}

}  // namespace

Status from_rocksdb(const rocksdb::Status& status, std::string_view context) {
  if (status.ok()) return Status::ok_status();
  std::string message(context);
  message += ": ";
  message += status.ToString();
  if (is_lock_error(status)) {
    message += " (the store is already open, by this or another process)";
    return {StatusCode::kUnavailable, std::move(message)};
  }
  if (status.IsCorruption() || status.IsInvalidArgument() ||
      status.IsNotSupported()) {
    message += " (destroy the store and restore it from its changelog)";
    return failed_precondition(std::move(message));
  }
  return internal_error(std::move(message));
}

}  // namespace sluice::state
