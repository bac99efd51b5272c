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
#include <vector>

#include "kafka/rd_handles.h"
#include "runtime/record_sink.h"
#include "sluice/status.h"

namespace sluice::kafka {

class ProducerSink final : public RecordSink {
 public:
  // Creates the producer from `properties`; this sink is its delivery-report
  // opaque, hence the unique_ptr. With a transactional.id in `properties`
  // the producer is transactional: init_transactions() must succeed before
  // the first send(), which then opens a transaction when none is open.
  static StatusOr<std::unique_ptr<ProducerSink>> create(
      const std::map<std::string, std::string, std::less<>>& properties);

  // Fences older producers with the same transactional.id and aborts their
  // open transaction. kUnavailable when it timed out and may be called
  // again (e.g. while the coordinator loads or a broker restarts); kFatal
  // for any other failure.
  Status init_transactions(std::chrono::milliseconds timeout);

  // kCommitted: the transaction's records and offsets are visible.
  // kAborted: nothing of it is visible, and the producer can begin the next
  //   transaction.
  // kFenced: a newer producer with this transactional.id took over, or the
  //   coordinator ended the transaction after transaction.timeout.ms.
  // kUnusable: anything else that leaves the producer without a clean state
  //   (a fatal error, or an abort that did not complete within the timeout).
  // After kFenced and kUnusable nothing of the transaction becomes visible
  // once a new producer with the same transactional.id has called
  // init_transactions(); this one can only be destroyed.
  enum class TxnOutcome { kCommitted, kAborted, kFenced, kUnusable };
  struct TxnResult {
    TxnOutcome outcome;
    std::string message;  // why, when not committed
  };
  // Sends `offsets` (may be null or empty) with `consumer`'s group metadata
  // and commits the open transaction (opening one first if needed).
  // Retriable errors are retried within `timeout`; an error that needs an
  // abort aborts, and the abort has a `timeout` of its own.
  TxnResult commit_transaction(const rd_kafka_topic_partition_list_t* offsets,
                               rd_kafka_t* consumer,
                               std::chrono::milliseconds timeout);
  // Aborts the open transaction, if any, resuming a timed-out abort until
  // `timeout` has passed. False when the abort did not complete: the
  // producer is then unusable (see kUnusable).
  bool abort_transaction(std::chrono::milliseconds timeout);
  // Whether a transaction could not be ended cleanly; every later
  // commit_transaction() answers kUnusable.
  bool unusable() const noexcept { return unusable_; }
  bool transactional() const noexcept { return transactional_; }
  bool in_transaction() const noexcept { return in_transaction_; }
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

  void begin_if_needed();
  // The outcome of a failed commit step: fenced, unusable, or aborted (if
  // the abort completes).
  TxnResult classify(rd_kafka_error_t* error, std::string_view what,
                     std::chrono::milliseconds timeout);

  bool transactional_ = false;
  bool in_transaction_ = false;
  bool unusable_ = false;
  std::uint64_t delivered_ = 0;
  std::uint64_t failed_ = 0;
  std::string first_failure_;
  // The highest acknowledged offset per partition (-1: none) of one topic.
  // Its topic handle's opaque points here, so a delivery report finds it
  // without a lookup or an allocation.
  struct TopicAcks {
    std::vector<std::int64_t> by_partition;
  };
  std::unordered_map<std::string, std::unique_ptr<TopicAcks>, StringHash,
                     std::equal_to<>>
      acked_;
  // Declared last so they are destroyed first, while the counters above that
  // late delivery reports update are still alive.
  ClientPtr producer_;
  std::unordered_map<std::string, TopicPtr, StringHash, std::equal_to<>>
      topics_;
};

}  // namespace sluice::kafka

#endif  // SLUICE_SRC_KAFKA_PRODUCER_SINK_H_
