#include "rd_client.h"

#include <stdexcept>

namespace e2e {

sluice::kafka::ClientPtr make_client(rd_kafka_type_t type,
                                     const Settings& settings) {
  sluice::kafka::ConfPtr conf(rd_kafka_conf_new());
  char err[512];
  for (const auto& [key, value] : settings) {
    if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), err,
                          sizeof err) != RD_KAFKA_CONF_OK) {
      throw std::invalid_argument(key + ": " + err);
    }
  }
  sluice::kafka::ClientPtr client(
      rd_kafka_new(type, conf.get(), err, sizeof err));
  if (!client) throw std::runtime_error(std::string("rd_kafka_new: ") + err);
  conf.release();  // the client owns it now
  return client;
}

}  // namespace e2e
