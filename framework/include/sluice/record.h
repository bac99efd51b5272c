// Record<K,V>: one key/value pair flowing through a topology, with its
// timestamp, headers and, for records that came from a topic, where it came
// from (topic, partition, offset).
//
// Thread-safety: a value type; not synchronised.
#ifndef SLUICE_RECORD_H_
#define SLUICE_RECORD_H_

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice {

// One Kafka record header. A header may have a null value.
struct Header {
  std::string key;
  std::optional<std::string> value;

  bool operator==(const Header&) const = default;
};

// An ordered list of headers; keys may repeat, as in Kafka.
//
// Copies share one list until one of them changes (copy on write), so
// forwarding a record's headers from node to node, and from an input record
// to its outputs, allocates nothing. Copies may live on different threads.
class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<Header> headers);

  // Appends a header (existing headers with the same key are kept).
  void add(std::string key, std::optional<std::string> value) {
    own().push_back({std::move(key), std::move(value)});
  }
  // Removes every header named `key`.
  void remove(std::string_view key);
  // Removes every header. When no copy shares the list, its storage is kept
  // for the next add() (a reader reusing one Headers per record).
  void clear() noexcept;
  // The value of the last header named `key`; nullptr when there is none or
  // its value is null.
  const std::string* last_value(std::string_view key) const;

  bool empty() const noexcept { return size() == 0; }
  std::size_t size() const noexcept { return list_ ? list_->size() : 0; }
  const Header* begin() const noexcept {
    return list_ ? list_->data() : nullptr;
  }
  const Header* end() const noexcept { return begin() + size(); }

  friend bool operator==(const Headers& a, const Headers& b);

 private:
  // The list, made unshared first (copied if another Headers holds it).
  std::vector<Header>& own();

  std::shared_ptr<std::vector<Header>> list_;  // null: no headers
};

// Where a record was read from. Records created by punctuations or built by
// user code outside of processing carry no source.
struct RecordSource {
  std::string_view topic;  // valid while the source record is processed
  std::int32_t partition = -1;
  std::int64_t offset = -1;
};

// A typed record. Operators receive and forward these by value; moving is
// cheap. The source information is kept as records are transformed, so that
// a sink or the dead-letter handler can name the input a result came from.
template <typename K, typename V>
class Record {
 public:
  Record() = default;
  Record(K key, V value, std::int64_t timestamp_ms = 0, Headers headers = {})
      : key_(std::move(key)),
        value_(std::move(value)),
        timestamp_ms_(timestamp_ms),
        headers_(std::move(headers)) {}

  const K& key() const& noexcept { return key_; }
  K& key() & noexcept { return key_; }
  K&& key() && noexcept { return std::move(key_); }
  const V& value() const& noexcept { return value_; }
  V& value() & noexcept { return value_; }
  V&& value() && noexcept { return std::move(value_); }

  // Event time in milliseconds since the Unix epoch.
  std::int64_t timestamp() const noexcept { return timestamp_ms_; }
  const Headers& headers() const noexcept { return headers_; }
  Headers& headers() noexcept { return headers_; }

  // The source topic; empty when the record has no source.
  std::string_view topic() const noexcept { return source_.topic; }
  // The source partition, or -1.
  std::int32_t partition() const noexcept { return source_.partition; }
  // The source offset, or -1.
  std::int64_t offset() const noexcept { return source_.offset; }
  const RecordSource& source() const noexcept { return source_; }

  // A copy of this record with another key (and key type); the value,
  // timestamp, headers and source are kept.
  template <typename K2>
  Record<K2, V> with_key(K2 key) && {
    return rebuild<K2, V>(std::move(key), std::move(value_));
  }
  // A copy with another value (and value type).
  template <typename V2>
  Record<K, V2> with_value(V2 value) && {
    return rebuild<K, V2>(std::move(key_), std::move(value));
  }
  // A copy with another key and value.
  template <typename K2, typename V2>
  Record<K2, V2> with_key_value(K2 key, V2 value) && {
    return rebuild<K2, V2>(std::move(key), std::move(value));
  }
  Record with_timestamp(std::int64_t timestamp_ms) && {
    timestamp_ms_ = timestamp_ms;
    return std::move(*this);
  }

  // Used by the runtime to attach where the record came from.
  void set_source(const RecordSource& source) noexcept { source_ = source; }

 private:
  template <typename K2, typename V2>
  Record<K2, V2> rebuild(K2&& key, V2&& value) {
    Record<K2, V2> out(std::forward<K2>(key), std::forward<V2>(value),
                       timestamp_ms_, std::move(headers_));
    out.set_source(source_);
    return out;
  }

  K key_{};
  V value_{};
  std::int64_t timestamp_ms_ = 0;
  Headers headers_;
  RecordSource source_;
};

}  // namespace sluice

#endif  // SLUICE_RECORD_H_
