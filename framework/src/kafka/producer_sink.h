// ProducerSink: a RecordSink that produces to Kafka through one librdkafka
// producer, and tracks delivery failures.
//
// send() copies the record into librdkafka's queue (RD_KAFKA_MSG_F_COPY), so
// callers may reuse their buffers at once. When the local queue is full it
// serves delivery reports and retries: back-pressure, not loss. Delivery
// reports arrive through poll()/flush() on the owning thread.
//
// Thread-safety: used by one stream thread.
#ifndef SLUICE_SRC_KAFKA_PRODUCER_SINK_H_
#define SLUICE_SRC_KAFKA_PRODUCER_SINK_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "kafka/rd_handles.h"
#include "runtime/record_sink.h"
#include "sluice/status.h"

namespace sluice::kafka {

class ProducerSink final : public RecordSink {
 public:
  // Creates the producer from `properties`; this sink is its delivery-report
  // opaque, hence the unique_ptr.
  static StatusOr<std::unique_ptr<ProducerSink>> create(
      const std::map<std::string, std::string, std::less<>>& properties);
  ProducerSink(const ProducerSink&) = delete;
  ProducerSink& operator=(const ProducerSink&) = delete;

  void send(const detail::OutgoingRecord& record) override;

  // Serves delivery reports without blocking.
  void poll() { rd_kafka_poll(producer_.get(), 0); }

  // Waits until every sent record is acknowledged or failed, up to `timeout`.
  // kTimeout when records are still in flight; kFatal when any delivery
  // failed (the first failure is named).
  Status flush(std::chrono::milliseconds timeout);

  // The first delivery failure since construction, or ok.
  Status delivery_status() const;

  std::uint64_t delivered() const noexcept { return delivered_; }
  std::int64_t last_offset(std::string_view topic,
                           std::int32_t partition) const override;
  rd_kafka_t* client() const noexcept { return producer_.get(); }

 private:
  ProducerSink() = default;
  static void on_delivery(rd_kafka_t* rk, const rd_kafka_message_t* message,
                          void* opaque);
  rd_kafka_topic_t* topic_handle(std::string_view topic);

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };

  std::uint64_t delivered_ = 0;
  std::uint64_t failed_ = 0;
  std::string first_failure_;
  // The highest acknowledged offset per topic and partition.
  std::map<std::pair<std::string, std::int32_t>, std::int64_t, std::less<>>
      acked_;
  // Declared last so they are destroyed first, while the counters above that
  // late delivery reports update are still alive.
  ClientPtr producer_;
  std::unordered_map<std::string, TopicPtr, StringHash, std::equal_to<>>
      topics_;
};

}  // namespace sluice::kafka

#endif  // SLUICE_SRC_KAFKA_PRODUCER_SINK_H_
