// StateManager: the stores of one KafkaStreams instance.
//
// Opens each task's byte store (RocksDB under
// <state.dir>/<application.id>/<task>/<store>, or in memory), sharing one
// memory budget (StoreResources) between all RocksDB stores; a store that
// cannot be opened (corrupted or missing files; not one held open by another
// instance) is wiped and rebuilt from its changelog. Keeps the live stores by
// name for interactive queries.
//
// Thread-safety: thread-safe.
#ifndef SLUICE_SRC_RUNTIME_STATE_MANAGER_H_
#define SLUICE_SRC_RUNTIME_STATE_MANAGER_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "sluice/config.h"
#include "sluice/detail/graph.h"
#include "sluice/query.h"
#include "state/key_value_bytes_store.h"
#include "state/store_resources.h"

namespace sluice {

class StateManager {
 public:
  explicit StateManager(const StreamsConfig& config) : config_(config) {}

  // Opens the store for `spec` of task `task_id` and registers it for
  // queries. Errors name the store and its path.
  StatusOr<std::shared_ptr<state::KeyValueBytesStore>> open(
      const detail::StoreSpec& spec, const std::string& task_id,
      std::int32_t partition);
  // Forgets the stores of `task_id` (its task closed).
  void release(const std::string& task_id);

  // Readers of every live partition of `store`.
  StoreSnapshot snapshot(const std::string& store) const;
  bool knows(const std::string& store) const;

  // The directory of a task's store.
  std::string store_path(const std::string& task_id,
                         const std::string& store) const;

 private:
  struct Entry {
    std::string task_id;
    std::int32_t partition;
    std::shared_ptr<state::KeyValueBytesStore> store;
  };
  Status ensure_resources();

  const StreamsConfig& config_;
  mutable std::mutex mutex_;
  std::unique_ptr<state::StoreResources> resources_;
  std::map<std::string, std::vector<Entry>> by_name_;
};

}  // namespace sluice

#endif  // SLUICE_SRC_RUNTIME_STATE_MANAGER_H_
