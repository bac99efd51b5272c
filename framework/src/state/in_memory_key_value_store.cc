#include "state/in_memory_key_value_store.h"

#include <mutex>
#include <utility>

namespace sluice::state {

InMemoryKeyValueStore::InMemoryKeyValueStore(std::string name)
    : name_(std::move(name)) {}

StatusOr<std::optional<std::string>> InMemoryKeyValueStore::get(
    std::string_view key) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

Status InMemoryKeyValueStore::range(std::string_view from, std::string_view to,
                                    const BytesVisitor& visit) const {
  if (from > to) return Status::ok_status();
  std::shared_lock lock(mutex_);
  visit_until(entries_.lower_bound(from), entries_.upper_bound(to), visit);
  return Status::ok_status();
}

Status InMemoryKeyValueStore::all(const BytesVisitor& visit) const {
  std::shared_lock lock(mutex_);
  visit_until(entries_.begin(), entries_.end(), visit);
  return Status::ok_status();
}

void InMemoryKeyValueStore::visit_until(Map::const_iterator first,
                                        Map::const_iterator last,
                                        const BytesVisitor& visit) {
  for (auto it = first; it != last; ++it) {
    if (!visit(it->first, it->second)) return;
  }
}

Status InMemoryKeyValueStore::write_batch(const std::vector<BytesWrite>& writes,
                                          std::int64_t changelog_offset) {
  if (changelog_offset < -1) {
    return invalid_argument("store '" + name_ + "': changelog offset " +
                            std::to_string(changelog_offset) + " is below -1");
  }
  std::unique_lock lock(mutex_);
  for (const BytesWrite& write : writes) {
    if (write.value.has_value()) {
      entries_.insert_or_assign(write.key, *write.value);
    } else {
      entries_.erase(write.key);
    }
  }
  if (changelog_offset >= 0) committed_offset_ = changelog_offset;
  return Status::ok_status();
}

Status InMemoryKeyValueStore::delete_range(std::string_view from,
                                           std::string_view to) {
  if (!(from < to)) return Status::ok_status();
  std::unique_lock lock(mutex_);
  entries_.erase(entries_.lower_bound(from), entries_.lower_bound(to));
  return Status::ok_status();
}

std::int64_t InMemoryKeyValueStore::committed_offset() const {
  std::shared_lock lock(mutex_);
  return committed_offset_;
}

std::uint64_t InMemoryKeyValueStore::approximate_size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace sluice::state
