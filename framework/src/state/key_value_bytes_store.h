// The byte-level key-value store every typed store sits on.
//
// Keys and values are opaque bytes; iteration is in bytewise key order.
// Implementations: RocksDbKeyValueStore (persistent, state.dir) and
// InMemoryKeyValueStore (tests, and stores that need no persistence).
//
// Durability protocol (see docs/state.md): writes go to the store only in
// batches, through write_batch(), which also records the changelog offset
// the batch is consistent with. After a crash the store comes back as of
// some earlier batch, never a partial one, and committed_offset() says which,
// so restore replays the changelog from there.
//
// Thread-safety: one task (one thread) uses a store at a time; reads from
// other threads (interactive queries) must be safe against that writer.
#ifndef SLUICE_SRC_STATE_KEY_VALUE_BYTES_STORE_H_
#define SLUICE_SRC_STATE_KEY_VALUE_BYTES_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/status.h"

namespace sluice::state {

// One write: a put, or a delete when value is nullopt.
struct BytesWrite {
  std::string key;
  std::optional<std::string> value;
};

// Return false to stop an iteration early.
using BytesVisitor =
    std::function<bool(std::string_view key, std::string_view value)>;

class KeyValueBytesStore {
 public:
  virtual ~KeyValueBytesStore() = default;

  virtual const std::string& name() const noexcept = 0;

  // The value under `key`, or nullopt.
  virtual StatusOr<std::optional<std::string>> get(
      std::string_view key) const = 0;

  // Visits keys in [from, to] (both inclusive) in order.
  virtual Status range(std::string_view from, std::string_view to,
                       const BytesVisitor& visit) const = 0;
  // Visits every key in order.
  virtual Status all(const BytesVisitor& visit) const = 0;

  // Applies `writes` atomically together with `changelog_offset` (the next
  // changelog offset to restore from, -1 to leave it unchanged).
  virtual Status write_batch(const std::vector<BytesWrite>& writes,
                             std::int64_t changelog_offset) = 0;

  // Deletes the keys in [from, to), outside of any batch and without
  // changing the changelog offset: for entries that expire (a crash that
  // loses the deletion leaves them to be deleted again).
  virtual Status delete_range(std::string_view from, std::string_view to) = 0;

  // The changelog offset recorded with the last batch that survived (or -1
  // for a new store).
  virtual std::int64_t committed_offset() const = 0;

  // An estimate of the number of keys.
  virtual std::uint64_t approximate_size() const = 0;

  // Makes everything written so far survive a process crash (e.g. flushes
  // memtables). Called on clean close.
  virtual Status flush() = 0;
};

}  // namespace sluice::state

#endif  // SLUICE_SRC_STATE_KEY_VALUE_BYTES_STORE_H_
