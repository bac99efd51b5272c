// KafkaProducer: a small RAII librdkafka producer for traffic-gen and the
// demo (records with optional key/value, a timestamp and headers).

#ifndef TRAFFIC_KAFKA_PRODUCER_H_
#define TRAFFIC_KAFKA_PRODUCER_H_

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sluice/status.h"

namespace traffic {

struct OutgoingMessage {
  std::optional<std::string> key;    // nullopt: no key
  std::optional<std::string> value;  // nullopt: a tombstone
  std::int64_t timestamp_ms = 0;     // 0: now
  std::vector<std::pair<std::string, std::string>> headers;
};

// Keyed records are partitioned as Java clients do (murmur2), so that a
// sensor's readings share a partition with any other producer's. Neither
// copyable nor movable (librdkafka holds `this` for delivery reports).
// Thread-safety: send() and flush() from one thread; the counters from any.
class KafkaProducer {
 public:
  // Creates a producer for `brokers`; `properties` are extra librdkafka
  // settings. Errors: kInvalidArgument for a setting librdkafka refuses.
  static sluice::StatusOr<std::unique_ptr<KafkaProducer>> create(
      const std::string& brokers,
      const std::map<std::string, std::string>& properties = {});
  ~KafkaProducer();
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;

  // Enqueues one record (copied), waiting while librdkafka's queue is full.
  // Errors: kUnavailable when librdkafka refuses it (e.g. unknown topic).
  sluice::Status send(const std::string& topic, const OutgoingMessage& message);

  // Serves delivery reports without blocking.
  void poll();

  // Waits until every enqueued record is delivered or failed. Errors:
  // kTimeout with the number still in flight.
  sluice::Status flush(std::chrono::milliseconds timeout);

  std::uint64_t delivered() const { return delivered_.load(); }
  std::uint64_t failed() const { return failed_.load(); }
  // The last delivery error, or "".
  std::string last_error() const;

 private:
  struct Deleter {
    void operator()(rd_kafka_t* handle) const;
  };
  KafkaProducer() = default;
  static void on_delivery(rd_kafka_t* handle, const rd_kafka_message_t* message,
                          void* opaque);

  std::unique_ptr<rd_kafka_t, Deleter> handle_;
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
  mutable std::mutex error_mutex_;
  std::string last_error_;
};

}  // namespace traffic

#endif  // TRAFFIC_KAFKA_PRODUCER_H_
