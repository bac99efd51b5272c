#include "kafka/producer_sink.h"

#include <algorithm>
#include <thread>

#include "kafka/client_factory.h"
#include "sluice/errors.h"

namespace sluice::kafka {
namespace {

HeadersPtr to_rd_headers(const Headers* headers) {
  if (headers == nullptr || headers->empty()) return nullptr;
  HeadersPtr out(rd_kafka_headers_new(headers->size()));
  for (const Header& h : *headers) {
    rd_kafka_header_add(out.get(), h.key.data(),
                        static_cast<ssize_t>(h.key.size()),
                        h.value ? h.value->data() : nullptr,
                        h.value ? static_cast<ssize_t>(h.value->size()) : 0);
  }
  return out;
}

}  // namespace

StatusOr<std::unique_ptr<ProducerSink>> ProducerSink::create(
    const std::map<std::string, std::string, std::less<>>& properties) {
  StatusOr<ConfPtr> conf = make_conf(properties);
  if (!conf.ok()) return conf.status();
  std::unique_ptr<ProducerSink> sink(new ProducerSink());
  rd_kafka_conf_set_dr_msg_cb(conf->get(), &ProducerSink::on_delivery);
  rd_kafka_conf_set_opaque(conf->get(), sink.get());
  StatusOr<ClientPtr> client = make_client(RD_KAFKA_PRODUCER, std::move(*conf));
  if (!client.ok()) return client.status();
  sink->producer_ = std::move(*client);
  sink->transactional_ = properties.count("transactional.id") != 0;
  return sink;
}

Status ProducerSink::init_transactions(std::chrono::milliseconds timeout) {
  ErrorPtr error(rd_kafka_init_transactions(producer_.get(),
                                            static_cast<int>(timeout.count())));
  if (error) {
    const bool again = rd_kafka_error_is_retriable(error.get()) &&
                       !rd_kafka_error_is_fatal(error.get());
    return Status(again ? StatusCode::kUnavailable : StatusCode::kFatal,
                  std::string("init_transactions: ") +
                      rd_kafka_error_string(error.get()));
  }
  return {};
}

void ProducerSink::begin_if_needed() {
  if (!transactional_ || in_transaction_) return;
  ErrorPtr error(rd_kafka_begin_transaction(producer_.get()));
  if (error) {
    throw StreamsFatalError(std::string("begin_transaction: ") +
                            rd_kafka_error_string(error.get()));
  }
  in_transaction_ = true;
}

namespace {

// Between resumed calls of a transactional step that answered "retriable".
constexpr std::chrono::milliseconds kRetryPause{50};

// The milliseconds left until `deadline`, at least 1 (0 would not wait).
int ms_until(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<std::int64_t>(left.count(), 1));
}

// Calls `step` with the milliseconds left until `deadline` until it
// succeeds (null), fails with an error that `resumable` rejects, or the
// deadline passes; returns the last error. A timed-out transactional call
// goes on in the background, and calling it again resumes it (librdkafka's
// contract).
template <typename Step, typename Resumable>
ErrorPtr resume_until(std::chrono::steady_clock::time_point deadline, Step step,
                      Resumable resumable) {
  for (;;) {
    ErrorPtr error(step(ms_until(deadline)));
    if (!error || !resumable(error.get()) ||
        std::chrono::steady_clock::now() >= deadline) {
      return error;
    }
    std::this_thread::sleep_for(kRetryPause);
  }
}

// Whether `error` says that another producer owns the transactional.id now
// (or the coordinator bumped the epoch after a transaction timed out).
bool is_fencing(const rd_kafka_error_t* error) {
  switch (rd_kafka_error_code(error)) {
    case RD_KAFKA_RESP_ERR__FENCED:
    case RD_KAFKA_RESP_ERR_PRODUCER_FENCED:
    case RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH: return true;
    default: return false;
  }
}

}  // namespace

ProducerSink::TxnResult ProducerSink::classify(
    rd_kafka_error_t* error, std::string_view what,
    std::chrono::milliseconds timeout) {
  std::string message = std::string(what) + ": " + rd_kafka_error_string(error);
  if (rd_kafka_error_is_fatal(error)) {
    unusable_ = true;
    return {is_fencing(error) ? TxnOutcome::kFenced : TxnOutcome::kUnusable,
            std::move(message)};
  }
  if (!abort_transaction(timeout)) {
    return {TxnOutcome::kUnusable,
            std::move(message) + "; the abort did not complete either"};
  }
  return {TxnOutcome::kAborted, std::move(message)};
}

ProducerSink::TxnResult ProducerSink::commit_transaction(
    const rd_kafka_topic_partition_list_t* offsets, rd_kafka_t* consumer,
    std::chrono::milliseconds timeout) {
  if (unusable_) {
    return {TxnOutcome::kUnusable,
            "an earlier transaction of this producer could not be ended"};
  }
  begin_if_needed();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (offsets != nullptr && offsets->cnt > 0) {
    std::unique_ptr<rd_kafka_consumer_group_metadata_t,
                    RdDeleter<&rd_kafka_consumer_group_metadata_destroy>>
        group(rd_kafka_consumer_group_metadata(consumer));
    ErrorPtr error(rd_kafka_send_offsets_to_transaction(
        producer_.get(), offsets, group.get(), ms_until(deadline)));
    if (error)
      return classify(error.get(), "send_offsets_to_transaction", timeout);
  }
  // A retriable failure (a timeout) is resumed; one that needs an abort
  // is not.
  ErrorPtr error = resume_until(
      deadline,
      [&](int ms) { return rd_kafka_commit_transaction(producer_.get(), ms); },
      [](const rd_kafka_error_t* e) {
        return rd_kafka_error_is_retriable(e) &&
               !rd_kafka_error_txn_requires_abort(e);
      });
  if (error) return classify(error.get(), "commit_transaction", timeout);
  in_transaction_ = false;
  return {TxnOutcome::kCommitted, {}};
}

bool ProducerSink::abort_transaction(std::chrono::milliseconds timeout) {
  if (!in_transaction_) return !unusable_;
  // A timed-out abort is resumed; any other failure leaves a producer that
  // cannot begin another transaction.
  ErrorPtr error = resume_until(
      std::chrono::steady_clock::now() + timeout,
      [&](int ms) { return rd_kafka_abort_transaction(producer_.get(), ms); },
      [](const rd_kafka_error_t* e) {
        return rd_kafka_error_is_retriable(e) && !rd_kafka_error_is_fatal(e);
      });
  if (error) {
    unusable_ = true;
    return false;
  }
  in_transaction_ = false;
  // The aborted records' delivery failures are expected, not losses.
  failed_ = 0;
  first_failure_.clear();
  return true;
}

rd_kafka_topic_t* ProducerSink::topic_handle(std::string_view topic) {
  auto it = topics_.find(topic);
  if (it != topics_.end()) return it->second.get();
  std::string name(topic);
  auto acks = std::make_unique<TopicAcks>();
  // A copy of the producer's default topic configuration: a fresh
  // rd_kafka_topic_conf_new() would drop the topic-level properties set on
  // the producer (partitioner, acks, message.timeout.ms, ...).
  rd_kafka_topic_conf_t* conf =
      rd_kafka_default_topic_conf_dup(producer_.get());
  rd_kafka_topic_conf_set_opaque(conf, acks.get());
  // rd_kafka_topic_new owns `conf` from here, also when it fails.
  TopicPtr handle(rd_kafka_topic_new(producer_.get(), name.c_str(), conf));
  rd_kafka_topic_t* raw = handle.get();
  if (raw != nullptr) acked_.emplace(name, std::move(acks));
  topics_.emplace(std::move(name), std::move(handle));
  return raw;
}

void ProducerSink::send(const detail::OutgoingRecord& record) {
  begin_if_needed();
  rd_kafka_topic_t* topic = topic_handle(record.topic);
  HeadersPtr headers = to_rd_headers(record.headers);
  const void* key = record.key ? record.key->data() : nullptr;
  const std::size_t key_len = record.key ? record.key->size() : 0;
  void* value =
      record.value ? const_cast<char*>(record.value->data()) : nullptr;
  const std::size_t value_len = record.value ? record.value->size() : 0;
  // rd_kafka_produceva instead of the producev macros, which use C casts.
  rd_kafka_vu_t vu[7];
  vu[0].vtype = RD_KAFKA_VTYPE_RKT;
  vu[0].u.rkt = topic;
  vu[1].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu[1].u.i = RD_KAFKA_MSG_F_COPY;
  vu[2].vtype = RD_KAFKA_VTYPE_KEY;
  vu[2].u.mem = {const_cast<void*>(key), key_len};
  vu[3].vtype = RD_KAFKA_VTYPE_VALUE;
  vu[3].u.mem = {value, value_len};
  vu[4].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
  vu[4].u.i64 = record.timestamp_ms > 0 ? record.timestamp_ms : 0;
  vu[5].vtype = RD_KAFKA_VTYPE_HEADERS;
  vu[5].u.headers = headers.get();
  vu[6].vtype = RD_KAFKA_VTYPE_PARTITION;
  vu[6].u.i32 =
      record.partition >= 0 ? record.partition : RD_KAFKA_PARTITION_UA;
  for (;;) {
    ErrorPtr error(rd_kafka_produceva(producer_.get(), vu, 7));
    const rd_kafka_resp_err_t err =
        error ? rd_kafka_error_code(error.get()) : RD_KAFKA_RESP_ERR_NO_ERROR;
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      (void)headers.release();  // owned by the message now
      return;
    }
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      ++failed_;
      if (first_failure_.empty()) {
        first_failure_ = "cannot produce to " + std::string(record.topic) +
                         ": " + rd_kafka_err2str(err);
      }
      return;
    }
    // Back-pressure: let librdkafka drain its queue, then retry.
    rd_kafka_poll(producer_.get(), 10);
  }
}

void ProducerSink::on_delivery(rd_kafka_t* /*rk*/,
                               const rd_kafka_message_t* message,
                               void* opaque) {
  auto* self = static_cast<ProducerSink*>(opaque);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++self->delivered_;
    auto* acks = static_cast<TopicAcks*>(rd_kafka_topic_opaque(message->rkt));
    if (acks != nullptr && message->partition >= 0) {
      auto& offsets = acks->by_partition;
      const auto p = static_cast<std::size_t>(message->partition);
      if (p >= offsets.size()) offsets.resize(p + 1, -1);
      if (message->offset > offsets[p]) offsets[p] = message->offset;
    }
    return;
  }
  if (message->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE ||
      message->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT) {
    return;  // purged by an abort: the transaction's records are void anyway
  }
  ++self->failed_;
  if (self->first_failure_.empty()) {
    self->first_failure_ = std::string("delivery to ") +
                           rd_kafka_topic_name(message->rkt) + " [" +
                           std::to_string(message->partition) +
                           "] failed: " + rd_kafka_err2str(message->err);
  }
}

Status ProducerSink::flush(std::chrono::milliseconds timeout) {
  const rd_kafka_resp_err_t err =
      rd_kafka_flush(producer_.get(), static_cast<int>(timeout.count()));
  if (Status s = delivery_status(); !s.ok()) return s;
  if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
    return Status(StatusCode::kTimeout,
                  std::to_string(rd_kafka_outq_len(producer_.get())) +
                      " records still in flight after " +
                      std::to_string(timeout.count()) + " ms");
  }
  return {};
}

std::int64_t ProducerSink::last_offset(std::string_view topic,
                                       std::int32_t partition) const {
  auto it = acked_.find(topic);
  if (it == acked_.end() || partition < 0) return -1;
  const auto& offsets = it->second->by_partition;
  const auto p = static_cast<std::size_t>(partition);
  return p < offsets.size() ? offsets[p] : -1;
}

Status ProducerSink::delivery_status() const {
  if (failed_ == 0) return {};
  return Status(
      StatusCode::kFatal,
      first_failure_ + " (" + std::to_string(failed_) + " records failed)");
}

}  // namespace sluice::kafka
