// InMemoryKeyValueStore: a KeyValueBytesStore over a std::map, for tests and
// for stores configured in-memory. Nothing survives the process; the
// committed changelog offset is kept in memory only, so after a restart the
// store is empty with committed_offset() == -1 and restores from the start
// of its changelog.
//
// Thread-safety: one writer and any number of concurrent readers; a
// std::shared_mutex serialises write_batch() against reads. A visitor runs
// under the shared lock, so it must not call write_batch() on this store.
#ifndef SLUICE_SRC_STATE_IN_MEMORY_KEY_VALUE_STORE_H_
#define SLUICE_SRC_STATE_IN_MEMORY_KEY_VALUE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <shared_mutex>
#include <string>

#include "state/key_value_bytes_store.h"

namespace sluice::state {

class InMemoryKeyValueStore final : public KeyValueBytesStore {
 public:
  // An empty store called `name`.
  explicit InMemoryKeyValueStore(std::string name);

  InMemoryKeyValueStore(const InMemoryKeyValueStore&) = delete;
  InMemoryKeyValueStore& operator=(const InMemoryKeyValueStore&) = delete;

  // The name given to the constructor.
  const std::string& name() const noexcept override { return name_; }

  // A copy of the value under `key`, or nullopt; never fails.
  StatusOr<std::optional<std::string>> get(std::string_view key) const override;

  // Visits [from, to] under the shared lock; empty when from > to.
  Status range(std::string_view from, std::string_view to,
               const BytesVisitor& visit) const override;
  // Visits every key in order under the shared lock.
  Status all(const BytesVisitor& visit) const override;

  // Applies `writes` in order under the exclusive lock: readers see all of
  // them or none. kInvalidArgument when changelog_offset < -1.
  Status write_batch(const std::vector<BytesWrite>& writes,
                     std::int64_t changelog_offset) override;
  Status delete_range(std::string_view from, std::string_view to) override;

  // The offset of the last batch that carried one, or -1.
  std::int64_t committed_offset() const override;

  // The exact number of keys.
  std::uint64_t approximate_size() const override;

  // Nothing to do: an in-memory store is never durable.
  Status flush() override { return Status::ok_status(); }

 private:
  using Map = std::map<std::string, std::string, std::less<>>;

  // Visits [first, last) of entries_; the caller holds the shared lock.
  static void visit_until(Map::const_iterator first, Map::const_iterator last,
                          const BytesVisitor& visit);

  const std::string name_;
  mutable std::shared_mutex mutex_;
  Map entries_;                         // guarded by mutex_
  std::int64_t committed_offset_ = -1;  // guarded by mutex_
};

}  // namespace sluice::state

#endif  // SLUICE_SRC_STATE_IN_MEMORY_KEY_VALUE_STORE_H_
