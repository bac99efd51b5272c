#include "runtime/state_manager.h"

#include <algorithm>

#include "sluice/log.h"
#include "state/in_memory_key_value_store.h"
#include "state/rocksdb_key_value_store.h"

namespace sluice {
namespace {

// Adapts a byte store to the query interface.
class QueryView final : public detail::ReadableBytes {
 public:
  explicit QueryView(std::shared_ptr<state::KeyValueBytesStore> store)
      : store_(std::move(store)) {}
  std::optional<std::string> get(std::string_view key) const override {
    auto v = store_->get(key);
    if (!v.ok()) throw std::runtime_error(v.status().to_string());
    return *v;
  }
  void range(std::string_view from, std::string_view to,
             const Visitor& visit) const override {
    Status s = store_->range(from, to, visit);
    if (!s.ok()) throw std::runtime_error(s.to_string());
  }

 private:
  std::shared_ptr<state::KeyValueBytesStore> store_;
};

}  // namespace

std::string StateManager::store_path(const std::string& task_id,
                                     const std::string& store) const {
  return config_.state_dir() + "/" + config_.application_id() + "/" + task_id +
         "/" + store;
}

Status StateManager::ensure_resources() {
  if (resources_) return {};
  state::StoreResourcesConfig budget;
  budget.total_memory_bytes = config_.rocksdb_memory_bytes();
  StatusOr<std::unique_ptr<state::StoreResources>> r =
      state::StoreResources::create(budget);
  if (!r.ok()) return r.status();
  resources_ = std::move(*r);
  return {};
}

StatusOr<std::shared_ptr<state::KeyValueBytesStore>> StateManager::open(
    const detail::StoreSpec& spec, const std::string& task_id,
    std::int32_t partition) {
  std::lock_guard lock(mutex_);
  std::shared_ptr<state::KeyValueBytesStore> store;
  if (spec.in_memory) {
    store = std::make_shared<state::InMemoryKeyValueStore>(spec.name);
  } else {
    if (Status s = ensure_resources(); !s.ok()) return s;
    const std::string path = store_path(task_id, spec.name);
    auto opened =
        state::RocksDbKeyValueStore::open(spec.name, path, *resources_);
    if (!opened.ok() && opened.status().code() != StatusCode::kUnavailable) {
      // Corrupted or unreadable local state (kFailedPrecondition), or files
      // it refers to are missing (an I/O error, kInternal): the changelog
      // has everything, so start over from it. A store held open elsewhere
      // (kUnavailable) is not touched. If the directory itself is unusable,
      // the second open says so.
      log(LogLevel::kWarn, "state",
          "store " + spec.name + " of task " + task_id + " cannot be opened (" +
              opened.status().message() +
              "); wiping it and restoring from the changelog");
      if (Status d = state::RocksDbKeyValueStore::destroy(path); !d.ok())
        return d;
      opened = state::RocksDbKeyValueStore::open(spec.name, path, *resources_);
    }
    if (!opened.ok()) return opened.status();
    store = std::shared_ptr<state::KeyValueBytesStore>(std::move(*opened));
  }
  by_name_[spec.name].push_back({task_id, partition, store});
  return store;
}

void StateManager::release(const std::string& task_id) {
  std::lock_guard lock(mutex_);
  for (auto& [name, entries] : by_name_) {
    std::erase_if(entries,
                  [&](const Entry& e) { return e.task_id == task_id; });
  }
}

StoreSnapshot StateManager::snapshot(const std::string& store) const {
  std::lock_guard lock(mutex_);
  StoreSnapshot out;
  auto it = by_name_.find(store);
  if (it == by_name_.end()) return out;
  for (const Entry& e : it->second)
    out.push_back(std::make_shared<QueryView>(e.store));
  return out;
}

bool StateManager::knows(const std::string& store) const {
  std::lock_guard lock(mutex_);
  return by_name_.count(store) != 0;
}

}  // namespace sluice
