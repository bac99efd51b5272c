// Options for DSL operations: Named, Consumed, Produced, Branched.
//
// Each is a small value object built with a static factory in Kafka Streams'
// style: Consumed::with(key_serde, value_serde), Produced::with(...),
// Named::as("name"), Branched::as("name").
//
// Thread-safety: values.
#ifndef SLUICE_OPTIONS_H_
#define SLUICE_OPTIONS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "sluice/serde.h"

namespace sluice {

// A processor name chosen by the user instead of a generated one.
class Named {
 public:
  Named() = default;
  // REQUIRES: name is not empty and unique within the topology (checked by
  // StreamsBuilder::build()).
  static Named as(std::string name) { return Named(std::move(name)); }
  const std::string& name() const noexcept { return name_; }
  bool empty() const noexcept { return name_.empty(); }

 private:
  explicit Named(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

// Event time of a record: extractor(key, value, record_timestamp_ms) -> ms.
template <typename K, typename V>
using TimestampExtractor = std::function<std::int64_t(
    const K&, const V&, std::int64_t record_timestamp_ms)>;

// How a source topic's records are read: its serdes, the source name, and
// where event time comes from (by default the record's timestamp). An
// extractor that throws or returns a negative time sends the record to the
// deserialization error policy.
template <typename K, typename V>
struct ConsumedOptions {
  Serde<K> key_serde = default_serde<K>();
  Serde<V> value_serde = default_serde<V>();
  std::string name;
  TimestampExtractor<K, V> timestamp_extractor;

  ConsumedOptions with_name(std::string n) && {
    name = std::move(n);
    return std::move(*this);
  }
  ConsumedOptions with_timestamp_extractor(
      TimestampExtractor<K, V> extractor) && {
    timestamp_extractor = std::move(extractor);
    return std::move(*this);
  }
};

struct Consumed {
  template <typename K, typename V>
  static ConsumedOptions<K, V> with(Serde<K> key_serde, Serde<V> value_serde) {
    return {std::move(key_serde), std::move(value_serde), {}, {}};
  }
};

// How records are written to a topic: serdes and the sink name.
template <typename K, typename V>
struct ProducedOptions {
  Serde<K> key_serde = default_serde<K>();
  Serde<V> value_serde = default_serde<V>();
  std::string name;

  ProducedOptions with_name(std::string n) && {
    name = std::move(n);
    return std::move(*this);
  }
};

struct Produced {
  template <typename K, typename V>
  static ProducedOptions<K, V> with(Serde<K> key_serde, Serde<V> value_serde) {
    return {std::move(key_serde), std::move(value_serde), {}};
  }
};

// Where an aggregation keeps its state: the store's name (which also names
// its changelog topic <application.id>-<name>-changelog), whether it lives in
// memory only (restored from the changelog on every start) or in RocksDB
// under state.dir, and, for window stores, how long windows are kept.
class Materialized {
 public:
  Materialized() = default;
  // REQUIRES: name matches [A-Za-z0-9._-]+ and is unique in the topology.
  static Materialized as(std::string store_name) {
    Materialized m;
    m.name_ = std::move(store_name);
    return m;
  }
  // Keeps the store in memory instead of RocksDB.
  Materialized in_memory() const {
    Materialized m = *this;
    m.in_memory_ = true;
    return m;
  }
  // For window stores: keep windows this long after their start (default:
  // window size + grace, the least that works).
  Materialized with_retention(std::chrono::milliseconds retention) const {
    Materialized m = *this;
    m.retention_ms_ = retention.count();
    return m;
  }
  const std::string& name() const noexcept { return name_; }
  bool is_in_memory() const noexcept { return in_memory_; }
  std::int64_t retention_ms() const noexcept { return retention_ms_; }

 private:
  std::string name_;
  bool in_memory_ = false;
  std::int64_t retention_ms_ = -1;
};

// How a grouped stream's keys and values are serialized (for its store and,
// after group_by, its repartition topic) and the name of the grouping.
template <typename K, typename V>
struct GroupedOptions {
  Serde<K> key_serde = default_serde<K>();
  Serde<V> value_serde = default_serde<V>();
  std::string name;
};

struct Grouped {
  template <typename K, typename V>
  static GroupedOptions<K, V> with(Serde<K> key_serde, Serde<V> value_serde,
                                   std::string name = {}) {
    return {std::move(key_serde), std::move(value_serde), std::move(name)};
  }
};

// A branch handed to a function instead of being returned by
// default_branch()/no_default_branch(). Built by Branched::with_consumer().
template <typename F>
struct BranchedConsumer {
  std::string name;
  F chain;
};

// The name of a branch of KStream::split(). The split's name (its Named, or a
// generated one) is put in front of it; an unnamed branch gets its position.
class Branched {
 public:
  Branched() = default;
  static Branched as(std::string name) { return Branched(std::move(name)); }
  // A branch whose stream is passed to `chain` (called as chain(KStream<K,V>))
  // at definition time, e.g. to attach a sink.
  template <typename F>
  static BranchedConsumer<F> with_consumer(F chain, std::string name = {}) {
    return {std::move(name), std::move(chain)};
  }
  const std::string& name() const noexcept { return name_; }

 private:
  explicit Branched(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

}  // namespace sluice

#endif  // SLUICE_OPTIONS_H_
