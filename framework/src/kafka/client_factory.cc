#include "kafka/client_factory.h"

namespace sluice::kafka {

StatusOr<ConfPtr> make_conf(const Properties& properties) {
  ConfPtr conf(rd_kafka_conf_new());
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
