// TopologyTestDriver: runs a Topology synchronously in process, no broker.
//
//   sluice::testing::TopologyTestDriver driver(topology);
//   auto in = driver.create_input_topic("in", Serdes::string(),
//   Serdes::string()); auto out = driver.create_output_topic("out",
//   Serdes::string(), Serdes::string()); in.pipe_input("k", "v");
//   EXPECT_EQ(out.read_values(), std::vector<std::string>{"V"});
//
// Each piped record is processed to completion before pipe_input returns.
// Records written to a topic that another sub-topology reads are fed to it
// right away, in order. Each sub-topology runs as one task (partition 0).
// Error policies and metrics behave as on Kafka (plus process-total per
// processor node, which the runtime does not report yet).
//
// Thread-safety: not thread-safe; use from one thread.
#ifndef SLUICE_TESTING_TOPOLOGY_TEST_DRIVER_H_
#define SLUICE_TESTING_TOPOLOGY_TEST_DRIVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sluice/config.h"
#include "sluice/metrics.h"
#include "sluice/record.h"
#include "sluice/serde.h"
#include "sluice/topology.h"

namespace sluice::testing {

// A record as written to a topic: bytes and metadata.
struct RawTestRecord {
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::int64_t timestamp_ms = 0;
  Headers headers;
};

template <typename K, typename V>
class TestInputTopic;
template <typename K, typename V>
class TestOutputTopic;

class TopologyTestDriver {
 public:
  // `properties` as for StreamsConfig; application.id and bootstrap.servers
  // may be left out. Throws ConfigError for bad properties.
  explicit TopologyTestDriver(const Topology& topology,
                              StreamsConfig::Properties properties = {});
  ~TopologyTestDriver();
  TopologyTestDriver(const TopologyTestDriver&) = delete;
  TopologyTestDriver& operator=(const TopologyTestDriver&) = delete;

  template <typename K, typename V>
  TestInputTopic<K, V> create_input_topic(
      const std::string& topic, Serde<K> key_serde = default_serde<K>(),
      Serde<V> value_serde = default_serde<V>()) {
    return TestInputTopic<K, V>(*this, topic, std::move(key_serde),
                                std::move(value_serde));
  }

  template <typename K, typename V>
  TestOutputTopic<K, V> create_output_topic(
      const std::string& topic, Serde<K> key_serde = default_serde<K>(),
      Serde<V> value_serde = default_serde<V>()) {
    return TestOutputTopic<K, V>(*this, topic, std::move(key_serde),
                                 std::move(value_serde));
  }

  // Feeds one record of raw bytes to the sub-topology that reads `topic`.
  // Throws std::invalid_argument when no source reads `topic`, and
  // StreamsFatalError when the `fail` error policy fires.
  void pipe_raw(const std::string& topic, const RawTestRecord& record);

  // Removes and returns the oldest `max` records written to `topic` (all by
  // default).
  std::vector<RawTestRecord> read_raw(const std::string& topic,
                                      std::size_t max = SIZE_MAX);
  // How many records written to `topic` are waiting to be read.
  std::size_t queued(const std::string& topic) const;

  // Advances the driver's wall clock (for wall-clock punctuations).
  void advance_wall_clock_time(std::chrono::milliseconds by);
  std::int64_t wall_clock_ms() const noexcept;

  // The metrics of the driver's tasks (see metrics.h), including
  // process-total per processor node (stream-processor-node-metrics).
  std::vector<MetricValue> metrics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// What the input and output topics of the driver share: the driver, the
// topic and its serdes (both must exist).
template <typename K, typename V>
class TestTopicBase {
 protected:
  TestTopicBase(TopologyTestDriver& driver, std::string topic, Serde<K> ks,
                Serde<V> vs, std::string_view kind)
      : driver_(&driver),
        topic_(std::move(topic)),
        key_serde_(std::move(ks)),
        value_serde_(std::move(vs)) {
    if (!key_serde_ || !value_serde_) {
      throw std::invalid_argument(std::string(kind) + " topic " + topic_ +
                                  ": a serde is missing for its types");
    }
  }

  TopologyTestDriver* driver_;
  std::string topic_;
  Serde<K> key_serde_;
  Serde<V> value_serde_;
};

template <typename K, typename V>
class TestInputTopic : public TestTopicBase<K, V> {
  using Base = TestTopicBase<K, V>;
  using Base::driver_;
  using Base::key_serde_;
  using Base::topic_;
  using Base::value_serde_;

 public:
  // Pipes (key, value) with `timestamp_ms`, or with the topic's current time
  // (which then advances by the auto-advance step).
  void pipe_input(const K& key, const V& value,
                  std::optional<std::int64_t> timestamp_ms = std::nullopt,
                  Headers headers = {}) {
    RawTestRecord raw;
    raw.key = encode(key_serde_, key);
    raw.value = encode(value_serde_, value);
    raw.timestamp_ms = timestamp_ms ? *timestamp_ms : next_time();
    raw.headers = std::move(headers);
    driver_->pipe_raw(topic_, raw);
  }

  // Pipes a value with a null key.
  void pipe_value(const V& value,
                  std::optional<std::int64_t> timestamp_ms = std::nullopt) {
    RawTestRecord raw;
    raw.value = encode(value_serde_, value);
    raw.timestamp_ms = timestamp_ms ? *timestamp_ms : next_time();
    driver_->pipe_raw(topic_, raw);
  }

  // Pipes raw bytes (e.g. a poison record) at the topic's current time.
  void pipe_bytes(std::optional<std::string> key,
                  std::optional<std::string> value, Headers headers = {}) {
    driver_->pipe_raw(topic_, RawTestRecord{std::move(key), std::move(value),
                                            next_time(), std::move(headers)});
  }

  void pipe_key_values(const std::vector<std::pair<K, V>>& records) {
    for (const auto& [k, v] : records) pipe_input(k, v);
  }

  // Sets the time of the next record piped without a timestamp and how much
  // it advances after each such record.
  void set_time(std::int64_t timestamp_ms, std::int64_t auto_advance_ms = 0) {
    time_ms_ = timestamp_ms;
    advance_ms_ = auto_advance_ms;
  }

 private:
  friend class TopologyTestDriver;
  TestInputTopic(TopologyTestDriver& driver, std::string topic, Serde<K> ks,
                 Serde<V> vs)
      : Base(driver, std::move(topic), std::move(ks), std::move(vs), "input") {}
  template <typename T>
  static std::string encode(const Serde<T>& serde, const T& value) {
    std::string out;
    serde.serialize(value, out);
    return out;
  }
  std::int64_t next_time() {
    const std::int64_t t = time_ms_;
    time_ms_ += advance_ms_;
    return t;
  }

  std::int64_t time_ms_ = 0;
  std::int64_t advance_ms_ = 0;
};

template <typename K, typename V>
class TestOutputTopic : public TestTopicBase<K, V> {
  using Base = TestTopicBase<K, V>;
  using Base::driver_;
  using Base::key_serde_;
  using Base::topic_;
  using Base::value_serde_;

 public:
  // Removes and returns the oldest record. Throws std::out_of_range when the
  // topic is empty.
  Record<K, V> read_record() {
    auto records = read_records(1);
    if (records.empty()) {
      throw std::out_of_range("output topic " + topic_ + " is empty");
    }
    return std::move(records.front());
  }

  // Removes and returns up to `max` records (all by default), oldest first.
  std::vector<Record<K, V>> read_records(std::size_t max = SIZE_MAX) {
    std::vector<Record<K, V>> out;
    for (RawTestRecord& raw : driver_->read_raw(topic_, max)) {
      out.emplace_back(key_serde_.deserialize(raw.key),
                       value_serde_.deserialize(raw.value), raw.timestamp_ms,
                       std::move(raw.headers));
    }
    return out;
  }

  std::vector<std::pair<K, V>> read_key_values() {
    std::vector<std::pair<K, V>> out;
    for (auto& r : read_records()) {
      out.emplace_back(std::move(r).key(), std::move(r).value());
    }
    return out;
  }

  std::vector<V> read_values() {
    std::vector<V> out;
    for (auto& r : read_records()) out.push_back(std::move(r).value());
    return out;
  }

  bool is_empty() const { return driver_->queued(topic_) == 0; }
  std::size_t size() const { return driver_->queued(topic_); }

 private:
  friend class TopologyTestDriver;
  TestOutputTopic(TopologyTestDriver& driver, std::string topic, Serde<K> ks,
                  Serde<V> vs)
      : Base(driver, std::move(topic), std::move(ks), std::move(vs), "output") {
  }
};

}  // namespace sluice::testing

#endif  // SLUICE_TESTING_TOPOLOGY_TEST_DRIVER_H_
