#include "traffic/kafka_producer.h"

#include <array>
#include <thread>

namespace traffic {
namespace {

constexpr std::chrono::milliseconds kQueueFullWait{10};

}  // namespace

void KafkaProducer::Deleter::operator()(rd_kafka_t* handle) const {
  rd_kafka_destroy(handle);
}

sluice::StatusOr<std::unique_ptr<KafkaProducer>> KafkaProducer::create(
    const std::string& brokers,
    const std::map<std::string, std::string>& properties) {
  std::unique_ptr<KafkaProducer> producer(new KafkaProducer());
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::map<std::string, std::string> settings = {
      {"bootstrap.servers", brokers},
      {"partitioner", "murmur2_random"},
      {"linger.ms", "5"},
      {"enable.idempotence", "true"},
  };
  for (const auto& [k, v] : properties) settings[k] = v;
  std::array<char, 512> error{};
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), error.data(),
                          error.size()) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return sluice::invalid_argument(k + ": " + error.data());
    }
  }
  rd_kafka_conf_set_dr_msg_cb(conf, &KafkaProducer::on_delivery);
  rd_kafka_conf_set_opaque(conf, producer.get());
  rd_kafka_t* handle =
      rd_kafka_new(RD_KAFKA_PRODUCER, conf, error.data(), error.size());
  if (handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    return sluice::invalid_argument(std::string("producer: ") + error.data());
  }
  producer->handle_.reset(handle);
  return producer;
}

KafkaProducer::~KafkaProducer() {
  if (handle_) rd_kafka_flush(handle_.get(), 5000);
}

void KafkaProducer::on_delivery(rd_kafka_t* /*handle*/,
                                const rd_kafka_message_t* message,
                                void* opaque) {
  auto* self = static_cast<KafkaProducer*>(opaque);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    self->delivered_.fetch_add(1);
    return;
  }
  self->failed_.fetch_add(1);
  std::lock_guard<std::mutex> lock(self->error_mutex_);
  self->last_error_ = rd_kafka_err2str(message->err);
}

sluice::Status KafkaProducer::send(const std::string& topic,
                                   const OutgoingMessage& message) {
  rd_kafka_headers_t* headers = rd_kafka_headers_new(message.headers.size());
  for (const auto& [name, value] : message.headers) {
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()),
                        value.data(), static_cast<ssize_t>(value.size()));
  }
  std::array<rd_kafka_vu_t, 6> vu{};
  vu[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  vu[0].u.cstr = topic.c_str();
  vu[1].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu[1].u.i = RD_KAFKA_MSG_F_COPY;
  vu[2].vtype = RD_KAFKA_VTYPE_KEY;
  vu[2].u.mem = {message.key ? const_cast<char*>(message.key->data()) : nullptr,
                 message.key ? message.key->size() : 0};
  vu[3].vtype = RD_KAFKA_VTYPE_VALUE;
  vu[3].u.mem = {
      message.value ? const_cast<char*>(message.value->data()) : nullptr,
      message.value ? message.value->size() : 0};
  vu[4].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
  vu[4].u.i64 = message.timestamp_ms;
  vu[5].vtype = RD_KAFKA_VTYPE_HEADERS;
  vu[5].u.headers = headers;
  while (true) {
    rd_kafka_error_t* error =
        rd_kafka_produceva(handle_.get(), vu.data(), vu.size());
    if (error == nullptr) return {};  // librdkafka owns the headers now
    const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    rd_kafka_error_destroy(error);
    if (code != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_headers_destroy(headers);
      return {sluice::StatusCode::kUnavailable,
              "produce to " + topic + ": " + rd_kafka_err2str(code)};
    }
    rd_kafka_poll(handle_.get(), static_cast<int>(kQueueFullWait.count()));
  }
}

void KafkaProducer::poll() { rd_kafka_poll(handle_.get(), 0); }

sluice::Status KafkaProducer::flush(std::chrono::milliseconds timeout) {
  const rd_kafka_resp_err_t err =
      rd_kafka_flush(handle_.get(), static_cast<int>(timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return {sluice::StatusCode::kTimeout,
            std::to_string(rd_kafka_outq_len(handle_.get())) +
                " records still in flight"};
  }
  return {};
}

std::string KafkaProducer::last_error() const {
  std::lock_guard<std::mutex> lock(error_mutex_);
  return last_error_;
}

}  // namespace traffic
