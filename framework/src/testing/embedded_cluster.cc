#include "sluice/testing/embedded_cluster.h"

#include <librdkafka/rdkafka.h>
// rdkafka_mock.h needs rdkafka.h first.
#include <librdkafka/rdkafka_mock.h>

#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "kafka/client_factory.h"
#include "testing/embedded_registry.h"

namespace sluice::testing {
namespace {

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::map<std::string, EmbeddedCluster*>& registry() {
  static std::map<std::string, EmbeddedCluster*> r;
  return r;
}

}  // namespace

std::optional<Status> create_topic_if_embedded(const std::string& bootstrap,
                                               const std::string& topic,
                                               int partitions) {
  std::lock_guard lock(registry_mutex());
  auto it = registry().find(bootstrap);
  if (it == registry().end()) return std::nullopt;
  return it->second->create_topic(topic, partitions);
}

struct EmbeddedCluster::Impl {
  // The mock cluster runs on the threads of this (otherwise idle) client.
  kafka::ClientPtr owner;
  rd_kafka_mock_cluster_t* cluster = nullptr;
  std::string bootstrap;
};

EmbeddedCluster::EmbeddedCluster(int brokers)
    : impl_(std::make_unique<Impl>()) {
  StatusOr<kafka::ConfPtr> conf =
      kafka::make_conf({{"client.id", "sluice-embedded-cluster"},
                        // It never connects anywhere: silence the notice
                        // about having no bootstrap.servers.
                        {"log_level", "4"}});
  if (!conf.ok()) throw std::runtime_error(conf.status().to_string());
  StatusOr<kafka::ClientPtr> owner =
      kafka::make_client(RD_KAFKA_PRODUCER, std::move(*conf));
  if (!owner.ok()) throw std::runtime_error(owner.status().to_string());
  impl_->owner = std::move(*owner);
  impl_->cluster = rd_kafka_mock_cluster_new(impl_->owner.get(), brokers);
  if (impl_->cluster == nullptr) {
    throw std::runtime_error("cannot start the embedded Kafka cluster");
  }
  impl_->bootstrap = rd_kafka_mock_cluster_bootstraps(impl_->cluster);
  std::lock_guard lock(registry_mutex());
  registry()[impl_->bootstrap] = this;
}

EmbeddedCluster::~EmbeddedCluster() {
  {
    std::lock_guard lock(registry_mutex());
    registry().erase(impl_->bootstrap);
  }
  if (impl_->cluster != nullptr) rd_kafka_mock_cluster_destroy(impl_->cluster);
}

const std::string& EmbeddedCluster::bootstrap_servers() const noexcept {
  return impl_->bootstrap;
}

Status EmbeddedCluster::create_topic(const std::string& topic, int partitions,
                                     int replication_factor) {
  if (partitions < 1) return invalid_argument("partitions must be >= 1");
  const rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(
      impl_->cluster, topic.c_str(), partitions, replication_factor);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return invalid_argument("cannot create topic " + topic + ": " +
                            rd_kafka_err2str(err));
  }
  return {};
}

Status EmbeddedCluster::set_broker_down(std::int32_t broker_id, bool down) {
  const rd_kafka_resp_err_t err =
      down ? rd_kafka_mock_broker_set_down(impl_->cluster, broker_id)
           : rd_kafka_mock_broker_set_up(impl_->cluster, broker_id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return invalid_argument(rd_kafka_err2str(err));
  }
  return {};
}

Status EmbeddedCluster::set_broker_latency(std::int32_t broker_id,
                                           std::chrono::milliseconds rtt) {
  const rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_rtt(
      impl_->cluster, broker_id, static_cast<int>(rtt.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return invalid_argument(rd_kafka_err2str(err));
  }
  return {};
}

void EmbeddedCluster::push_request_errors(Api api,
                                          const std::vector<int>& errors) {
  std::vector<rd_kafka_resp_err_t> codes;
  codes.reserve(errors.size());
  for (int e : errors) codes.push_back(static_cast<rd_kafka_resp_err_t>(e));
  rd_kafka_mock_push_request_errors_array(impl_->cluster,
                                          static_cast<std::int16_t>(api),
                                          codes.size(), codes.data());
}

Status EmbeddedCluster::push_broker_answers(
    std::int32_t broker_id, Api api,
    const std::vector<DelayedAnswer>& answers) {
  for (const DelayedAnswer& a : answers) {
    const rd_kafka_resp_err_t err =
        rd_kafka_mock_broker_push_request_error_rtts(
            impl_->cluster, broker_id, static_cast<std::int16_t>(api), 1,
            static_cast<rd_kafka_resp_err_t>(a.error),
            static_cast<int>(a.rtt.count()));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return invalid_argument("broker " + std::to_string(broker_id) + ": " +
                              rd_kafka_err2str(err));
    }
  }
  return {};
}

void EmbeddedCluster::clear_request_errors(Api api) {
  rd_kafka_mock_clear_request_errors(impl_->cluster,
                                     static_cast<std::int16_t>(api));
}

Status EmbeddedCluster::set_partition_leader(const std::string& topic,
                                             std::int32_t partition,
                                             std::int32_t broker_id) {
  const rd_kafka_resp_err_t err = rd_kafka_mock_partition_set_leader(
      impl_->cluster, topic.c_str(), partition, broker_id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return invalid_argument("cannot move the leader of " + topic + "[" +
                            std::to_string(partition) + "] to broker " +
                            std::to_string(broker_id) + ": " +
                            rd_kafka_err2str(err));
  }
  return {};
}

Status EmbeddedCluster::set_group_coordinator(const std::string& group,
                                              std::int32_t broker_id) {
  const rd_kafka_resp_err_t err = rd_kafka_mock_coordinator_set(
      impl_->cluster, "group", group.c_str(), broker_id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return invalid_argument("cannot move the coordinator of group " + group +
                            " to broker " + std::to_string(broker_id) + ": " +
                            rd_kafka_err2str(err));
  }
  return {};
}

}  // namespace sluice::testing
