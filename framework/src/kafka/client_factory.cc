#include "kafka/client_factory.h"

#include <stdexcept>
#include <string>

#include "sluice/log.h"

namespace sluice::kafka {
namespace {

// librdkafka's own lines (broker connections lost, retries, ...) go through
// sluice's log, so they follow the application's sink and format (e.g. JSON
// lines) instead of going straight to stderr. Called on librdkafka threads.
void forward_log(const rd_kafka_t* rk, int level, const char* facility,
                 const char* message) {
  // syslog levels: 0-4 emergency..warning, 5-6 notice/info, 7 debug. Even
  // librdkafka's "errors" (connection refused, all brokers down) are states
  // it retries; whether they are fatal is the runtime's call, which logs that
  // one ERROR itself. So they are warnings here.
  const LogLevel sluice_level = level <= 4   ? LogLevel::kWarn
                                : level <= 6 ? LogLevel::kInfo
                                             : LogLevel::kDebug;
  log(sluice_level, rk != nullptr ? rd_kafka_name(rk) : "librdkafka",
      std::string(facility) + ": " + message);
}

}  // namespace

StatusOr<ConfPtr> make_conf(const Properties& properties) {
  ConfPtr conf(rd_kafka_conf_new());
  rd_kafka_conf_set_log_cb(conf.get(), &forward_log);
  char err[512];
  for (const auto& [key, value] : properties) {
    if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), err,
                          sizeof err) != RD_KAFKA_CONF_OK) {
      return invalid_argument("librdkafka property '" + key + "': " + err);
    }
  }
  return conf;
}

StatusOr<ClientPtr> make_client(rd_kafka_type_t type, ConfPtr conf) {
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err, sizeof err);
  if (rk == nullptr) {
    return invalid_argument(std::string("cannot create Kafka client: ") + err);
  }
  (void)conf.release();  // now owned by rk
  return ClientPtr(rk);
}

std::chrono::milliseconds ms_property(rd_kafka_t* client, const char* name) {
  char value[32];
  std::size_t size = sizeof value;
  if (rd_kafka_conf_get(rd_kafka_conf(client), name, value, &size) !=
      RD_KAFKA_CONF_OK) {
    throw std::logic_error(std::string("not a librdkafka property: ") + name);
  }
  return std::chrono::milliseconds(std::stoll(value));
}

StatusOr<std::map<std::string, int>> list_topics(
    rd_kafka_t* client, std::chrono::milliseconds timeout) {
  const rd_kafka_metadata_t* raw = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(
      client, 1, nullptr, &raw, static_cast<int>(timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status(
        StatusCode::kUnavailable,
        std::string("cannot read cluster metadata: ") + rd_kafka_err2str(err));
  }
  MetadataPtr metadata(raw);
  std::map<std::string, int> topics;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& t = metadata->topics[i];
    if (t.err == RD_KAFKA_RESP_ERR_NO_ERROR) topics[t.topic] = t.partition_cnt;
  }
  return topics;
}

}  // namespace sluice::kafka
