// INTERNAL. Aggregations over a state store.
//
// AggregateNode folds each record into the aggregate of its key;
// WindowAggregateNode folds it into every open window that contains its
// timestamp. Updates are forwarded downstream from flush() (at each commit),
// at most one per key (per key and window) per commit: the record cache of
// Kafka Streams. With emit_final, a window's result is forwarded once, when
// stream time passes its end plus the grace period.
#ifndef SLUICE_DETAIL_STATEFUL_OPERATORS_H_
#define SLUICE_DETAIL_STATEFUL_OPERATORS_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sluice/detail/node.h"
#include "sluice/detail/window_keys.h"
#include "sluice/serde.h"
#include "sluice/windows.h"

namespace sluice::detail {

// Up to this many updated keys wait for the next commit before the node asks
// for an early one.
inline constexpr std::size_t kMaxPendingUpdates = 10'000;

// Updates waiting for flush(), in first-update order, one per key.
template <typename K, typename V>
class PendingUpdates {
 public:
  // Returns true when the node should ask for an early commit.
  bool set(const std::string& key_bytes, Record<K, V>&& record) {
    auto [it, inserted] = index_.try_emplace(key_bytes, records_.size());
    if (inserted) {
      records_.push_back(std::move(record));
    } else {
      records_[it->second] = std::move(record);
    }
    return records_.size() >= kMaxPendingUpdates;
  }
  template <typename F>
  void drain(F&& forward) {
    std::vector<Record<K, V>> records = std::move(records_);
    records_.clear();
    index_.clear();
    for (auto& r : records) forward(std::move(r));
  }

 private:
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<Record<K, V>> records_;
};

// aggregate / count / reduce: Record<K,V> -> table updates Record<K,VA>.
// `Fold` is called as fold(key, value, std::optional<VA> current) -> VA.
template <typename K, typename V, typename VA, typename Fold>
class AggregateNode final : public OperatorNode<K, V, K, VA> {
 public:
  AggregateNode(std::string name, std::string store, Serde<K> key_serde,
                Serde<VA> value_serde, Fold fold)
      : OperatorNode<K, V, K, VA>(std::move(name)),
        store_name_(std::move(store)),
        key_serde_(std::move(key_serde)),
        value_serde_(std::move(value_serde)),
        fold_(std::move(fold)) {}

  void init(TaskContext& context) override {
    OperatorNode<K, V, K, VA>::init(context);
    store_ = &context.state_store(store_name_);
  }

  void process(Record<K, V>&& record) override {
    std::optional<VA> next;
    if (!this->guarded([&] {
          key_buf_.clear();
          key_serde_.serialize(record.key(), key_buf_);
          std::optional<VA> current;
          if (auto bytes = store_->get(key_buf_)) {
            current.emplace(value_serde_.deserialize(*bytes));
          }
          next.emplace(fold_(record.key(), record.value(), std::move(current)));
          value_buf_.clear();
          value_serde_.serialize(*next, value_buf_);
        })) {
      return;
    }
    store_->put(key_buf_, value_buf_);
    if (pending_.set(key_buf_,
                     std::move(record).with_value(std::move(*next)))) {
      this->context().request_commit();
    }
  }

  void flush() override {
    pending_.drain(
        [&](Record<K, VA>&& r) { this->out_.forward(std::move(r)); });
  }

 private:
  std::string store_name_;
  Serde<K> key_serde_;
  Serde<VA> value_serde_;
  Fold fold_;
  StateStoreBase* store_ = nullptr;
  std::string key_buf_;
  std::string value_buf_;
  PendingUpdates<K, VA> pending_;
};

// The serdes of TimeWindowedKStream::late_records_to(topic, produced).
template <typename K, typename V>
struct LateSerdes {
  Serde<K> key_serde;
  Serde<V> value_serde;
};

struct WindowSettings {
  TimeWindows windows = TimeWindows::of_size(std::chrono::milliseconds(1));
  std::int64_t retention_ms = 0;
  bool emit_final = false;
  std::string late_topic;  // empty: late records are only counted
};

// Windowed aggregate: Record<K,V> -> Record<Windowed<K>,VA>.
template <typename K, typename V, typename VA, typename Fold>
class WindowAggregateNode final : public OperatorNode<K, V, Windowed<K>, VA> {
 public:
  // `late`: how late records are written to settings.late_topic; unset:
  // their input bytes are copied.
  WindowAggregateNode(std::string name, std::string store, Serde<K> key_serde,
                      Serde<VA> value_serde, Fold fold, WindowSettings settings,
                      std::optional<LateSerdes<K, V>> late = std::nullopt)
      : OperatorNode<K, V, Windowed<K>, VA>(std::move(name)),
        store_name_(std::move(store)),
        key_serde_(std::move(key_serde)),
        value_serde_(std::move(value_serde)),
        fold_(std::move(fold)),
        settings_(std::move(settings)),
        late_(std::move(late)) {}

  void init(TaskContext& context) override {
    OperatorNode<K, V, Windowed<K>, VA>::init(context);
    store_ = &context.state_store(store_name_);
    if (auto emitted = store_->get(kEmittedMetaKey)) {
      emitted_up_to_ = read_be64(*emitted);
    }
    // Stream time survives restarts and moves between instances with the
    // store: a record that was late before a crash is late after it too.
    if (auto saved = store_->get(kStreamTimeMetaKey)) {
      saved_stream_time_ = read_be64(*saved);
      context.advance_stream_time(saved_stream_time_);
    }
    migrate_legacy_entries();
    if (settings_.emit_final) rebuild_open_windows();
    // Windows restored from the changelog may be past their retention: the
    // changelog keeps them until its own time retention.
    purge_expired();
  }

  void process(Record<K, V>&& record) override {
    const std::int64_t ts = record.timestamp();
    if (ts < 0) {
      this->context().on_error(
          ErrorKind::kProcessing, this->name(),
          std::make_exception_ptr(std::invalid_argument(
              "invalid record timestamp " + std::to_string(ts))));
      return;
    }
    const std::int64_t stream_time = this->context().stream_time();
    bool accepted = false;
    if (!this->guarded([&] {
          key_buf_.clear();
          key_serde_.serialize(record.key(), key_buf_);
          for (const Window& w : settings_.windows.windows_for(ts)) {
            if (w.end_ms + settings_.windows.grace_ms() <= stream_time) {
              continue;  // closed
            }
            fold_into(record, w);
            accepted = true;
          }
        })) {
      return;
    }
    if (!accepted) report_late(record);
    if (settings_.emit_final) emit_closed(stream_time);
  }

  void flush() override {
    if (!settings_.emit_final) {
      pending_.drain([&](Record<Windowed<K>, VA>&& r) {
        this->out_.forward(std::move(r));
      });
    }
    purge_expired();
    save_stream_time();
  }

 private:
  void fold_into(const Record<K, V>& record, const Window& w) {
    window_entry_key(key_buf_, w.start_ms, entry_buf_);
    // With emit_final, every entry of an open window is in open_ (put there
    // before the store, or found in the store by rebuild_open_windows()): a
    // key new to open_ is not in the store either, and needs no lookup.
    // When event time moves fast nearly every record opens a window.
    const bool may_be_stored =
        !settings_.emit_final || !open_[w.start_ms].insert(key_buf_).second;
    std::optional<VA> current;
    if (may_be_stored) {
      if (auto bytes = store_->get(entry_buf_)) {
        current.emplace(value_serde_.deserialize(*bytes));
      }
    }
    VA next = fold_(record.key(), record.value(), std::move(current));
    value_buf_.clear();
    value_serde_.serialize(next, value_buf_);
    store_->put(entry_buf_, value_buf_);
    if (!settings_.emit_final) {
      Record<Windowed<K>, VA> update(Windowed<K>{record.key(), w},
                                     std::move(next), record.timestamp(),
                                     record.headers());
      update.set_source(record.source());
      if (pending_.set(entry_buf_, std::move(update))) {
        this->context().request_commit();
      }
    }
  }

  // Counts a late record and copies it to the late topic, if there is one:
  // its input bytes, or the record written with the late serdes. A
  // serializer that throws goes to the error policy (the record is still
  // counted as late).
  void report_late(const Record<K, V>& record) {
    if (!late_ || settings_.late_topic.empty()) {
      this->context().on_late(this->name(), settings_.late_topic);
      return;
    }
    late_key_buf_.clear();
    late_value_buf_.clear();
    if (!this->guarded(
            [&] {
              late_->key_serde.serialize(record.key(), late_key_buf_);
              late_->value_serde.serialize(record.value(), late_value_buf_);
            },
            ErrorKind::kSerialization)) {
      this->context().on_late(this->name(), std::string_view());
      return;
    }
    OutgoingRecord copy;
    copy.topic = settings_.late_topic;
    copy.key = late_key_buf_;
    copy.value = late_value_buf_;
    copy.timestamp_ms = record.timestamp();
    copy.headers = record.headers().empty() ? nullptr : &record.headers();
    this->context().on_late(this->name(), copy);
  }

  // Forwards every window that closed, oldest first, and remembers how far
  // it got in the store so that a restart does not emit them again.
  void emit_closed(std::int64_t stream_time) {
    const std::int64_t size = settings_.windows.size_ms();
    const std::int64_t grace = settings_.windows.grace_ms();
    bool emitted = false;
    while (!open_.empty() &&
           open_.begin()->first + size + grace <= stream_time) {
      const std::int64_t start = open_.begin()->first;
      for (const std::string& key : open_.begin()->second) {
        window_entry_key(key, start, entry_buf_);
        auto bytes = store_->get(entry_buf_);
        if (!bytes) continue;
        VA value = value_serde_.deserialize(*bytes);
        Record<Windowed<K>, VA> result(
            Windowed<K>{key_serde_.deserialize(std::string_view(key)),
                        Window{start, start + size}},
            std::move(value), start + size - 1);
        this->out_.forward(std::move(result));
      }
      open_.erase(open_.begin());
      emitted_up_to_ = start + size + grace;
      emitted = true;
    }
    if (emitted) {
      meta_buf_.clear();
      append_be64(emitted_up_to_, meta_buf_);
      store_->put(kEmittedMetaKey, meta_buf_);
    }
  }

  // After a restart (or restore), the windows not yet emitted are found in
  // the store.
  void rebuild_open_windows() {
    const std::int64_t size = settings_.windows.size_ms();
    const std::int64_t grace = settings_.windows.grace_ms();
    const std::int64_t first_open =
        std::max<std::int64_t>(0, emitted_up_to_ - size - grace + 1);
    store_->range(window_start_bound(first_open), window_entries_end(),
                  [&](std::string_view k, std::string_view) {
                    if (auto e = parse_window_entry(k)) {
                      open_[e->start].insert(std::string(e->key));
                    }
                    return true;
                  });
  }

  // Rewrites the entries of the key-first layout, written before the
  // time-first one, in the time-first layout (and so in the changelog too).
  // Costs one seek when there are none.
  void migrate_legacy_entries() {
    std::vector<std::pair<std::string, std::string>> legacy;
    store_->range(std::string(1, kLegacyWindowEntryTag),
                  std::string(1, kWindowEntryTag),
                  [&](std::string_view k, std::string_view v) {
                    if (parse_legacy_window_entry(k)) legacy.emplace_back(k, v);
                    return true;
                  });
    for (const auto& [old_key, value] : legacy) {
      const WindowEntry e = *parse_legacy_window_entry(old_key);
      window_entry_key(e.key, e.start, entry_buf_);
      store_->put(entry_buf_, value);
      store_->put(old_key, std::nullopt);
    }
  }

  // Records the stream time with the commit, when it moved.
  void save_stream_time() {
    const std::int64_t now = this->context().stream_time();
    if (now <= saved_stream_time_) return;
    saved_stream_time_ = now;
    meta_buf_.clear();
    append_be64(now, meta_buf_);
    store_->put(kStreamTimeMetaKey, meta_buf_);
  }

  // Deletes the windows older than the retention period, at most once per
  // half retention period of stream time. They are the front of the store
  // (window start first), one range; the store deletes it without changelog
  // records, which the changelog topic's time retention (store retention +
  // 1 day) removes, as Kafka Streams' window stores do.
  void purge_expired() {
    const std::int64_t now = this->context().stream_time();
    const std::int64_t retention = settings_.retention_ms;
    if (now < 0 || now - last_purge_ < retention / 2) return;
    last_purge_ = now;
    const std::int64_t last_expired = now - retention;
    if (last_expired < purged_below_) return;
    store_->expire(window_start_bound(purged_below_),
                   window_start_bound(last_expired + 1));
    purged_below_ = last_expired + 1;
  }

  std::string store_name_;
  Serde<K> key_serde_;
  Serde<VA> value_serde_;
  Fold fold_;
  WindowSettings settings_;
  std::optional<LateSerdes<K, V>> late_;
  StateStoreBase* store_ = nullptr;
  std::string key_buf_;
  std::string late_key_buf_;
  std::string late_value_buf_;
  std::string entry_buf_;
  std::string value_buf_;
  std::string meta_buf_;
  PendingUpdates<Windowed<K>, VA> pending_;
  std::map<std::int64_t, std::set<std::string>> open_;  // emit_final only
  std::int64_t emitted_up_to_ = -1;
  std::int64_t saved_stream_time_ = -1;
  std::int64_t last_purge_ = std::numeric_limits<std::int64_t>::min() / 2;
  std::int64_t purged_below_ = 0;  // no window starting before it is stored
};

}  // namespace sluice::detail

#endif  // SLUICE_DETAIL_STATEFUL_OPERATORS_H_
