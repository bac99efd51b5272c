// TaskStore: one state store of one task, as its processors see it.
//
// Layers (top to bottom): a write-back cache of dirty entries (reads see
// them; at most one changelog record per key per commit), the changelog
// (<application.id>-<store>-changelog, partition = the task's partition),
// and the byte store (RocksDB or in memory), which receives the dirty
// entries as one batch, together with the changelog offset they are
// consistent with, only after the changelog records were acknowledged.
//
// Thread-safety: used by its task's thread; the inner store may also be read
// by interactive queries from other threads.
#ifndef SLUICE_SRC_STATE_TASK_STORE_H_
#define SLUICE_SRC_STATE_TASK_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/record_sink.h"
#include "sluice/detail/task_context.h"
#include "state/key_value_bytes_store.h"

namespace sluice::state {

class TaskStore final : public detail::StateStoreBase {
 public:
  // `changelog_topic` empty: no changelog (the test driver).
  TaskStore(std::string name, std::shared_ptr<KeyValueBytesStore> inner,
            std::string changelog_topic, std::int32_t partition);

  const std::string& name() const noexcept override { return name_; }
  std::optional<std::string_view> get(std::string_view key) override;
  void put(std::string_view key,
           std::optional<std::string_view> value) override;
  void range(std::string_view from, std::string_view to,
             const Visitor& visit) override;

  // Sends the dirty entries to the changelog through `sink` and keeps them
  // as the pending batch. REQUIRES: no pending batch.
  void log_dirty(RecordSink& sink);
  // Writes the pending batch to the inner store with the changelog offset
  // the sink reports (after it confirmed delivery), and clears the cache.
  Status write_pending(RecordSink& sink);
  // Drops uncommitted writes (after an aborted transaction).
  void discard_dirty();

  // Approximate bytes held in the cache.
  std::size_t dirty_bytes() const noexcept { return dirty_bytes_; }
  const std::string& changelog_topic() const noexcept { return changelog_; }
  std::int32_t partition() const noexcept { return partition_; }
  const std::shared_ptr<KeyValueBytesStore>& inner() const noexcept {
    return inner_;
  }

 private:
  std::string name_;
  std::shared_ptr<KeyValueBytesStore> inner_;
  std::string changelog_;
  std::int32_t partition_;
  std::map<std::string, std::optional<std::string>, std::less<>> dirty_;
  std::vector<BytesWrite> pending_;
  std::size_t dirty_bytes_ = 0;
  std::string scratch_;
};

}  // namespace sluice::state

#endif  // SLUICE_SRC_STATE_TASK_STORE_H_
