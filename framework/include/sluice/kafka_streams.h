// KafkaStreams: runs a Topology against a Kafka cluster.
//
//   sluice::KafkaStreams streams(topology, config);
//   if (auto s = streams.start(); !s.ok()) { /* report s.message() */ }
//   ...
//   streams.close();
//
// Each of num.stream.threads threads has its own consumer (all in the group
// application.id) and producer, and runs the tasks of the partitions the
// group assigns to it. More instances with the same application.id share the
// partitions: that is how sluice scales out.
//
// States (as in Kafka Streams):
//   CREATED -> REBALANCING -> RUNNING <-> REBALANCING
//   any -> PENDING_SHUTDOWN -> NOT_RUNNING   (close())
//   any -> ERROR                             (a thread failed; see
//                                             error_message())
//
// Thread-safety: all methods may be called from any thread. The state
// listener is called from the thread that changed the state.
#ifndef SLUICE_KAFKA_STREAMS_H_
#define SLUICE_KAFKA_STREAMS_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/config.h"
#include "sluice/metrics.h"
#include "sluice/query.h"
#include "sluice/status.h"
#include "sluice/topology.h"
#include "sluice/windows.h"

namespace sluice {

class KafkaStreams {
 public:
  enum class State {
    kCreated,
    kRebalancing,
    kRunning,
    kPendingShutdown,
    kNotRunning,
    kError
  };
  using StateListener = std::function<void(State new_state, State old_state)>;

  KafkaStreams(Topology topology, StreamsConfig config);
  // Closes (waiting as long as it takes) if still running.
  ~KafkaStreams();
  KafkaStreams(const KafkaStreams&) = delete;
  KafkaStreams& operator=(const KafkaStreams&) = delete;

  // REQUIRES: state() == kCreated.
  void set_state_listener(StateListener listener);

  // Checks that the cluster answers and the source topics exist, then starts
  // the stream threads. Errors: kFailedPrecondition when not CREATED;
  // kUnavailable when no broker answers within startup.timeout.ms; kNotFound
  // naming the missing source topics; kInvalidArgument for client settings
  // librdkafka rejects; kFailedPrecondition when the topology has persistent
  // stores and <state.dir>/<application.id> cannot be created or written.
  Status start();

  // Stops polling, finishes the records in hand, flushes, commits and leaves
  // the group. Returns false if the threads did not finish within `timeout`
  // (they keep shutting down in the background).
  bool close(
      std::chrono::milliseconds timeout = std::chrono::milliseconds::max());

  State state() const;
  // Waits until state() == `state` or `timeout` passes; true on success.
  bool wait_for_state(State state, std::chrono::milliseconds timeout) const;
  // Why the instance is in ERROR; empty otherwise.
  std::string error_message() const;

  // Counters and gauges of all threads and tasks (metrics.h).
  std::vector<MetricValue> metrics() const;

  // Interactive queries (query.h) of the key-value store `name`, over the
  // partitions this instance owns. Errors: kNotFound for an unknown store,
  // kFailedPrecondition unless RUNNING or REBALANCING.
  template <typename K, typename V>
  StatusOr<ReadOnlyKeyValueStore<K, V>> key_value_store(
      const std::string& name, Serde<K> key_serde = default_serde<K>(),
      Serde<V> value_serde = default_serde<V>()) const {
    StatusOr<StoreSnapshot> parts = store_snapshot(name);
    if (!parts.ok()) return parts.status();
    return ReadOnlyKeyValueStore<K, V>(std::move(*parts), std::move(key_serde),
                                       std::move(value_serde));
  }

  // Interactive queries of the window store `name` (windows of
  // `windows.size_ms()`).
  template <typename K, typename V>
  StatusOr<ReadOnlyWindowStore<K, V>> window_store(
      const std::string& name, const TimeWindows& windows,
      Serde<K> key_serde = default_serde<K>(),
      Serde<V> value_serde = default_serde<V>()) const {
    StatusOr<StoreSnapshot> parts = store_snapshot(name);
    if (!parts.ok()) return parts.status();
    return ReadOnlyWindowStore<K, V>(std::move(*parts), std::move(key_serde),
                                     std::move(value_serde), windows.size_ms());
  }

  // INTERNAL: readers of every live partition of `store`.
  StatusOr<StoreSnapshot> store_snapshot(const std::string& store) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "CREATED", "REBALANCING", "RUNNING", "PENDING_SHUTDOWN", "NOT_RUNNING" or
// "ERROR".
std::string_view state_name(KafkaStreams::State state) noexcept;

}  // namespace sluice

#endif  // SLUICE_KAFKA_STREAMS_H_
