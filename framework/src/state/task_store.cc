#include "state/task_store.h"

#include <map>
#include <stdexcept>
#include <utility>

namespace sluice::state {
namespace {

// What an entry costs beyond its key and value bytes: the hash-map node,
// the list node and the strings' headers (measured sizes, rounded up).
constexpr std::size_t kEntryOverhead = 128;

// Whether `key` lies in the half-open range [from, to).
bool in_range(std::string_view key, std::string_view from,
              std::string_view to) noexcept {
  return key >= from && key < to;
}

}  // namespace

TaskStore::TaskStore(std::string name,
                     std::shared_ptr<KeyValueBytesStore> inner,
                     std::string changelog_topic, std::int32_t partition,
                     std::size_t cache_max_bytes)
    : name_(std::move(name)),
      inner_(std::move(inner)),
      changelog_(std::move(changelog_topic)),
      partition_(partition),
      max_bytes_(cache_max_bytes) {}

std::size_t TaskStore::footprint(std::string_view key,
                                 const std::optional<std::string>& value) {
  return kEntryOverhead + key.size() + (value ? value->size() : 0);
}

std::optional<std::string_view> TaskStore::get(std::string_view key) {
  if (auto it = entries_.find(key); it != entries_.end()) {
    Entry& entry = it->second;
    if (entry.state == State::kClean) {
      clean_.splice(clean_.begin(), clean_, entry.position);
    }
    if (!entry.value) return std::nullopt;
    return std::string_view(*entry.value);
  }
  if (expired(key)) return std::nullopt;
  StatusOr<std::optional<std::string>> value = inner_->get(key);
  if (!value.ok()) {
    throw std::runtime_error("store " + name_ + ": " +
                             value.status().to_string());
  }
  if (!*value) return std::nullopt;
  const std::size_t size = footprint(key, *value);
  make_room(size);
  if (cached_bytes_ + size > max_bytes_) {  // too large to cache
    scratch_ = std::move(**value);
    return std::string_view(scratch_);
  }
  auto it = entries_
                .emplace(std::string(key),
                         Entry{std::move(*value), State::kClean, {}})
                .first;
  clean_.push_front(it->first);
  it->second.position = clean_.begin();
  cached_bytes_ += size;
  return std::string_view(*it->second.value);
}

void TaskStore::mark_dirty(Entries::iterator it) {
  Entry& entry = it->second;
  if (entry.state == State::kDirty) return;
  if (entry.state == State::kClean) {
    held_.splice(held_.begin(), clean_, entry.position);
  }
  entry.state = State::kDirty;
  dirty_.push_back(it->first);
  dirty_bytes_ += it->first.size() + (entry.value ? entry.value->size() : 0);
}

void TaskStore::put(std::string_view key,
                    std::optional<std::string_view> value) {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    it = entries_.emplace(std::string(key), Entry{}).first;
    held_.push_front(it->first);
    it->second.position = held_.begin();
    dirty_.push_back(it->first);
    dirty_bytes_ += key.size();
    cached_bytes_ += footprint(key, std::nullopt);
  } else {
    mark_dirty(it);
  }
  std::optional<std::string>& stored = it->second.value;
  const std::size_t old_size = stored ? stored->size() : 0;
  if (value) {
    if (stored) {
      stored->assign(*value);
    } else {
      stored.emplace(*value);
    }
  } else {
    stored.reset();
  }
  const std::size_t new_size = value ? value->size() : 0;
  dirty_bytes_ = dirty_bytes_ - old_size + new_size;
  cached_bytes_ = cached_bytes_ - old_size + new_size;
  make_room(0);
}

void TaskStore::make_room(std::size_t extra) {
  while (!clean_.empty() && cached_bytes_ + extra > max_bytes_) {
    erase(entries_.find(clean_.back()));
  }
}

void TaskStore::erase(Entries::iterator it) {
  Entry& entry = it->second;
  cached_bytes_ -= footprint(it->first, entry.value);
  (entry.state == State::kClean ? clean_ : held_).erase(entry.position);
  entries_.erase(it);
}

void TaskStore::range(std::string_view from, std::string_view to,
                      const Visitor& visit) {
  // Merge the committed entries with the pending and then the dirty ones,
  // which are newer. Clean entries equal the committed ones.
  std::map<std::string, std::string, std::less<>> merged;
  Status s =
      inner_->range(from, to, [&](std::string_view k, std::string_view v) {
        if (!expired(k)) merged.emplace(std::string(k), std::string(v));
        return true;
      });
  if (!s.ok())
    throw std::runtime_error("store " + name_ + ": " + s.to_string());
  auto overlay = [&](std::string_view key,
                     const std::optional<std::string>& value) {
    if (key < from || key > to) return;
    if (value) {
      merged.insert_or_assign(std::string(key), *value);
    } else if (auto it = merged.find(key); it != merged.end()) {
      merged.erase(it);
    }
  };
  for (const BytesWrite& write : pending_) overlay(write.key, write.value);
  for (std::string_view key : dirty_) {
    overlay(key, entries_.find(key)->second.value);
  }
  for (const auto& [k, v] : merged) {
    if (!visit(k, v)) return;
  }
}

void TaskStore::log_dirty(RecordSink& sink) {
  pending_.reserve(pending_.size() + dirty_.size());
  for (std::string_view key : dirty_) {
    Entry& entry = entries_.find(key)->second;
    if (!changelog_.empty()) {
      detail::OutgoingRecord record;
      record.topic = changelog_;
      record.partition = partition_;
      record.key = key;
      if (entry.value) record.value = *entry.value;
      sink.send(record);
    }
    pending_.push_back({std::string(key), entry.value});
    entry.state = State::kPending;
  }
  dirty_.clear();
  dirty_bytes_ = 0;
}

bool TaskStore::expired(std::string_view key) const noexcept {
  for (const auto& [from, to] : expired_) {
    if (in_range(key, from, to)) return true;
  }
  return false;
}

void TaskStore::expire(std::string_view from, std::string_view to) {
  if (!(from < to)) return;
  const auto inside = [&](std::string_view key) {
    return in_range(key, from, to);
  };
  for (std::string_view key : dirty_) {
    if (!inside(key)) continue;
    const Entry& entry = entries_.find(key)->second;
    dirty_bytes_ -= key.size() + (entry.value ? entry.value->size() : 0);
  }
  std::erase_if(dirty_, inside);
  std::erase_if(pending_,
                [&](const BytesWrite& write) { return inside(write.key); });
  for (auto it = entries_.begin(); it != entries_.end();) {
    const auto next = std::next(it);
    if (inside(it->first)) erase(it);
    it = next;
  }
  expired_.emplace_back(std::string(from), std::string(to));
}

Status TaskStore::apply_expired() {
  for (const auto& [from, to] : expired_) {
    if (Status s = inner_->delete_range(from, to); !s.ok()) return s;
  }
  expired_.clear();
  return {};
}

Status TaskStore::write_pending(RecordSink& sink) {
  // First: a write after the expiry is newer than it.
  if (Status s = apply_expired(); !s.ok()) return s;
  if (pending_.empty()) return {};
  const std::int64_t offset =
      changelog_.empty() ? -1 : sink.last_offset(changelog_, partition_) + 1;
  Status s = inner_->write_batch(pending_, offset);
  for (const BytesWrite& write : pending_) {
    auto it = entries_.find(write.key);
    // Written again since log_dirty(): still dirty, and newer.
    if (it == entries_.end() || it->second.state != State::kPending) continue;
    Entry& entry = it->second;
    if (s.ok() && entry.value) {
      entry.state = State::kClean;
      clean_.splice(clean_.begin(), held_, entry.position);
    } else {
      erase(it);
    }
  }
  pending_.clear();
  make_room(0);
  return s;
}

void TaskStore::discard_dirty() {
  entries_.clear();
  clean_.clear();
  held_.clear();
  dirty_.clear();
  pending_.clear();
  expired_.clear();
  dirty_bytes_ = 0;
  cached_bytes_ = 0;
}

}  // namespace sluice::state
