// TaskStore: one state store of one task, as its processors see it.
//
// Layers (top to bottom): a write-back cache (reads see the task's own
// writes; at most one changelog record per key per commit), the changelog
// (<application.id>-<store>-changelog, partition = the task's partition),
// and the byte store (RocksDB or in memory), which receives the dirty
// entries as one batch, together with the changelog offset they are
// consistent with, only after the changelog records were acknowledged.
//
// The cache holds three kinds of entries:
//   dirty    written since the last log_dirty(); never evicted;
//   pending  sent to the changelog by log_dirty(), not yet in the inner
//            store; never evicted;
//   clean    the same as in the inner store: read from it, or pending
//            entries that write_pending() stored. Evicted least recently
//            used first whenever the cache holds more than its byte budget
//            (statestore.cache.max.bytes), so a hot key is read from the
//            inner store once, not once per commit interval.
// Dirty entries are not bounded here: the task commits early when they
// exceed the budget (dirty_bytes()).
//
// The inner store must not be written by anyone else while entries are
// cached (the changelog restorer writes before the task's first read;
// discard_dirty() empties the cache).
//
// Thread-safety: used by its task's thread; the inner store may also be read
// by interactive queries from other threads.
#ifndef SLUICE_SRC_STATE_TASK_STORE_H_
#define SLUICE_SRC_STATE_TASK_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/record_sink.h"
#include "sluice/detail/task_context.h"
#include "state/key_value_bytes_store.h"

namespace sluice::state {

// statestore.cache.max.bytes' default.
inline constexpr std::size_t kDefaultCacheMaxBytes = std::size_t{10} << 20;

class TaskStore final : public detail::StateStoreBase {
 public:
  // `changelog_topic` empty: no changelog (the test driver). `cache_max_bytes`
  // bounds the bytes cached (keys, values and a per-entry overhead).
  TaskStore(std::string name, std::shared_ptr<KeyValueBytesStore> inner,
            std::string changelog_topic, std::int32_t partition,
            std::size_t cache_max_bytes = kDefaultCacheMaxBytes);

  const std::string& name() const noexcept override { return name_; }
  std::optional<std::string_view> get(std::string_view key) override;
  void put(std::string_view key,
           std::optional<std::string_view> value) override;
  void range(std::string_view from, std::string_view to,
             const Visitor& visit) override;
  // Drops the cached entries in [from, to) (dirty ones are not logged) and
  // remembers the range for apply_expired().
  void expire(std::string_view from, std::string_view to) override;
  // Deletes the ranges expire() was given from the inner store (also done
  // by write_pending(), first). For expiry decided on committed state only,
  // e.g. while the task initializes.
  Status apply_expired();

  // Sends the dirty entries to the changelog through `sink` and keeps them
  // as the pending batch. REQUIRES: no pending batch.
  void log_dirty(RecordSink& sink);
  // Writes the pending batch to the inner store with the changelog offset
  // the sink reports (after it confirmed delivery); its entries become
  // clean (deletes leave the cache). On failure they leave the cache.
  Status write_pending(RecordSink& sink);
  // Drops uncommitted writes (after an aborted transaction), and the clean
  // entries with them.
  void discard_dirty();

  // Approximate bytes of the dirty entries (keys and values).
  std::size_t dirty_bytes() const noexcept { return dirty_bytes_; }
  // Approximate bytes of all cached entries, overhead included.
  std::size_t cached_bytes() const noexcept { return cached_bytes_; }
  // Number of entries logged by log_dirty() and not yet written.
  std::size_t pending_entries() const noexcept { return pending_.size(); }
  // Number of cached entries (dirty, pending and clean).
  std::size_t cached_entries() const noexcept { return entries_.size(); }
  const std::string& changelog_topic() const noexcept { return changelog_; }
  std::int32_t partition() const noexcept { return partition_; }
  const std::shared_ptr<KeyValueBytesStore>& inner() const noexcept {
    return inner_;
  }

 private:
  enum class State : std::uint8_t { kDirty, kPending, kClean };
  // Views of entries_' keys. Entries move between the two lists by splicing,
  // which does not allocate.
  using KeyList = std::list<std::string_view>;
  struct Entry {
    std::optional<std::string> value;  // nullopt: deleted (never clean)
    State state = State::kDirty;
    KeyList::iterator position;  // in clean_ when clean, else in held_
  };
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };
  using Entries =
      std::unordered_map<std::string, Entry, KeyHash, std::equal_to<>>;

  static std::size_t footprint(std::string_view key,
                               const std::optional<std::string>& value);
  // Evicts clean entries, least recently used first, until `extra` more
  // bytes fit in the budget or no clean entry is left.
  void make_room(std::size_t extra);
  // Removes `it` from the cache.
  void erase(Entries::iterator it);
  // Makes a clean entry dirty (or a pending one dirty again).
  void mark_dirty(Entries::iterator it);
  // Whether `key` is in a range given to expire() and not yet applied.
  bool expired(std::string_view key) const noexcept;

  std::string name_;
  std::shared_ptr<KeyValueBytesStore> inner_;
  std::string changelog_;
  std::int32_t partition_;
  std::size_t max_bytes_;
  Entries entries_;
  KeyList clean_;  // clean entries, most recently used first
  KeyList held_;   // dirty and pending entries
  std::vector<std::string_view> dirty_;  // dirty entries, first write first
  std::vector<BytesWrite> pending_;
  // [from, to) ranges given to expire(), not yet applied to inner_.
  std::vector<std::pair<std::string, std::string>> expired_;
  std::size_t dirty_bytes_ = 0;
  std::size_t cached_bytes_ = 0;
  std::string scratch_;  // a value read but not cached
};

}  // namespace sluice::state

#endif  // SLUICE_SRC_STATE_TASK_STORE_H_
