// Interactive queries: read-only views of a running instance's stores, over
// the partitions this instance owns (KafkaStreams::key_value_store,
// KafkaStreams::window_store). They read committed state (as of the last
// commit), from any thread.
//
// Thread-safety: safe to use from any thread while the instance runs; a view
// is a snapshot of which partitions were owned when it was made.
#ifndef SLUICE_QUERY_H_
#define SLUICE_QUERY_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sluice/detail/readable_store.h"
#include "sluice/detail/window_keys.h"
#include "sluice/serde.h"
#include "sluice/windows.h"

namespace sluice {

using StoreSnapshot = std::vector<std::shared_ptr<const detail::ReadableBytes>>;

template <typename K, typename V>
class ReadOnlyKeyValueStore {
 public:
  ReadOnlyKeyValueStore(StoreSnapshot parts, Serde<K> key_serde,
                        Serde<V> value_serde)
      : parts_(std::move(parts)),
        ks_(std::move(key_serde)),
        vs_(std::move(value_serde)) {}

  // The value of `key`, or nullopt.
  std::optional<V> get(const K& key) const {
    std::string k;
    ks_.serialize(key, k);
    for (const auto& p : parts_) {
      if (auto v = p->get(k)) return vs_.deserialize(std::string_view(*v));
    }
    return std::nullopt;
  }

  // Every entry, ordered by key bytes within each partition.
  std::vector<std::pair<K, V>> all() const {
    return collect(std::string(), std::string(1024, '\xff'));
  }

  // Entries whose key bytes are in [from, to].
  std::vector<std::pair<K, V>> range(const K& from, const K& to) const {
    std::string f;
    std::string t;
    ks_.serialize(from, f);
    ks_.serialize(to, t);
    return collect(f, t);
  }

 private:
  std::vector<std::pair<K, V>> collect(const std::string& from,
                                       const std::string& to) const {
    std::vector<std::pair<K, V>> out;
    for (const auto& p : parts_) {
      p->range(from, to, [&](std::string_view k, std::string_view v) {
        out.emplace_back(ks_.deserialize(k), vs_.deserialize(v));
        return true;
      });
    }
    return out;
  }

  StoreSnapshot parts_;
  Serde<K> ks_;
  Serde<V> vs_;
};

template <typename K, typename V>
class ReadOnlyWindowStore {
 public:
  ReadOnlyWindowStore(StoreSnapshot parts, Serde<K> key_serde,
                      Serde<V> value_serde, std::int64_t window_size_ms)
      : parts_(std::move(parts)),
        ks_(std::move(key_serde)),
        vs_(std::move(value_serde)),
        size_(window_size_ms) {}

  // The windows of `key` that start in [from_ms, to_ms], oldest first.
  // Reads the windows of every key in that time range (the store is ordered
  // by window start), so its cost grows with the number of keys.
  std::vector<std::pair<Window, V>> fetch(const K& key, std::int64_t from_ms,
                                          std::int64_t to_ms) const {
    std::vector<std::pair<Window, V>> out;
    if (to_ms < 0 || from_ms > to_ms) return out;
    std::string k;
    ks_.serialize(key, k);
    const std::string lo =
        detail::window_start_bound(std::max<std::int64_t>(from_ms, 0));
    const std::string hi = to_ms == std::numeric_limits<std::int64_t>::max()
                               ? detail::window_entries_end()
                               : detail::window_start_bound(to_ms + 1);
    for (const auto& p : parts_) {
      p->range(lo, hi, [&](std::string_view entry, std::string_view v) {
        auto e = detail::parse_window_entry(entry);
        if (e && e->key == k && e->start <= to_ms)
          out.emplace_back(Window{e->start, e->start + size_},
                           vs_.deserialize(v));
        return true;
      });
    }
    return out;
  }

 private:
  StoreSnapshot parts_;
  Serde<K> ks_;
  Serde<V> vs_;
  std::int64_t size_;
};

}  // namespace sluice

#endif  // SLUICE_QUERY_H_
