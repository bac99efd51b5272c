#include "state/task_store.h"

#include <stdexcept>

namespace sluice::state {

TaskStore::TaskStore(std::string name,
                     std::shared_ptr<KeyValueBytesStore> inner,
                     std::string changelog_topic, std::int32_t partition)
    : name_(std::move(name)),
      inner_(std::move(inner)),
      changelog_(std::move(changelog_topic)),
      partition_(partition) {}

std::optional<std::string_view> TaskStore::get(std::string_view key) {
  if (auto it = dirty_.find(key); it != dirty_.end()) {
    if (!it->second) return std::nullopt;
    return std::string_view(*it->second);
  }
  StatusOr<std::optional<std::string>> value = inner_->get(key);
  if (!value.ok()) {
    throw std::runtime_error("store " + name_ + ": " +
                             value.status().to_string());
  }
  if (!*value) return std::nullopt;
  scratch_ = std::move(**value);
  return std::string_view(scratch_);
}

void TaskStore::put(std::string_view key,
                    std::optional<std::string_view> value) {
  auto it = dirty_.find(key);
  if (it == dirty_.end()) {
    it = dirty_.emplace(std::string(key), std::nullopt).first;
    dirty_bytes_ += key.size();
  } else if (it->second) {
    dirty_bytes_ -= it->second->size();
  }
  if (value) {
    if (it->second) {
      it->second->assign(*value);
    } else {
      it->second.emplace(*value);
    }
    dirty_bytes_ += value->size();
  } else {
    it->second.reset();
  }
}

void TaskStore::range(std::string_view from, std::string_view to,
                      const Visitor& visit) {
  // Merge the committed entries with the dirty ones (which win).
  std::map<std::string, std::string, std::less<>> merged;
  Status s =
      inner_->range(from, to, [&](std::string_view k, std::string_view v) {
        merged.emplace(std::string(k), std::string(v));
        return true;
      });
  if (!s.ok())
    throw std::runtime_error("store " + name_ + ": " + s.to_string());
  for (auto it = dirty_.lower_bound(from);
       it != dirty_.end() && it->first <= to; ++it) {
    if (it->second) {
      merged[it->first] = *it->second;
    } else {
      merged.erase(it->first);
    }
  }
  for (const auto& [k, v] : merged) {
    if (!visit(k, v)) return;
  }
}

void TaskStore::log_dirty(RecordSink& sink) {
  pending_.reserve(dirty_.size());
  for (auto& [key, value] : dirty_) {
    if (!changelog_.empty()) {
      detail::OutgoingRecord record;
      record.topic = changelog_;
      record.partition = partition_;
      record.key = key;
      if (value) record.value = *value;
      sink.send(record);
    }
    pending_.push_back({key, std::move(value)});
  }
  dirty_.clear();
  dirty_bytes_ = 0;
}

Status TaskStore::write_pending(RecordSink& sink) {
  if (pending_.empty()) return {};
  const std::int64_t offset =
      changelog_.empty() ? -1 : sink.last_offset(changelog_, partition_) + 1;
  Status s = inner_->write_batch(pending_, offset);
  pending_.clear();
  return s;
}

void TaskStore::discard_dirty() {
  dirty_.clear();
  pending_.clear();
  dirty_bytes_ = 0;
}

}  // namespace sluice::state
