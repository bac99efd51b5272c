#include "bench_cluster.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <thread>

#include "kafka/client_factory.h"
#include "kafka/rd_handles.h"
#include "rd_client.h"

namespace e2e {
namespace {

using NewTopicPtr =
    std::unique_ptr<rd_kafka_NewTopic_t,
                    sluice::kafka::RdDeleter<&rd_kafka_NewTopic_destroy>>;
using sluice::kafka::EventPtr;

// CreateTopics answers once the controller has the topics; a broker's
// metadata can lag it, and a processor started in that gap finds its
// source topics missing. Waits until every topic is listed with all its
// partitions.
void wait_until_listed(rd_kafka_t* client,
                       const std::vector<std::string>& topics, int partitions) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(30);
  for (;;) {
    const sluice::StatusOr<std::map<std::string, int>> listed =
        sluice::kafka::list_topics(client, std::chrono::seconds(5));
    std::string missing;
    if (listed.ok()) {
      for (const std::string& topic : topics) {
        const auto it = listed->find(topic);
        if (it == listed->end() || it->second < partitions) {
          missing = topic;
          break;
        }
      }
      if (missing.empty()) return;
    }
    if (Clock::now() >= deadline) {
      throw std::runtime_error(
          "created topics are not in the metadata after 30 s: " +
          (listed.ok() ? missing : listed.status().to_string()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void create_with_admin(const std::string& bootstrap,
                       const std::vector<std::string>& topics, int partitions,
                       std::int64_t retention_bytes) {
  sluice::kafka::ClientPtr admin =
      make_client(RD_KAFKA_PRODUCER, {{"bootstrap.servers", bootstrap}});
  std::vector<NewTopicPtr> specs;
  std::vector<rd_kafka_NewTopic_t*> raw;
  char err[512];
  for (const std::string& topic : topics) {
    specs.emplace_back(
        rd_kafka_NewTopic_new(topic.c_str(), partitions, 1, err, sizeof err));
    if (!specs.back()) throw std::runtime_error(topic + ": " + err);
    rd_kafka_NewTopic_set_config(specs.back().get(), "retention.ms", "-1");
    if (retention_bytes > 0) {
      rd_kafka_NewTopic_set_config(specs.back().get(), "retention.bytes",
                                   std::to_string(retention_bytes).c_str());
    }
    raw.push_back(specs.back().get());
  }
  sluice::kafka::QueuePtr queue(rd_kafka_queue_new(admin.get()));
  rd_kafka_CreateTopics(admin.get(), raw.data(), raw.size(), nullptr,
                        queue.get());
  EventPtr event(rd_kafka_queue_poll(queue.get(), 30000));
  if (!event) throw std::runtime_error("CreateTopics: no answer in 30 s");
  std::size_t n = 0;
  const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(
      rd_kafka_event_CreateTopics_result(event.get()), &n);
  for (std::size_t i = 0; i < n; ++i) {
    const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR &&
        e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      throw std::runtime_error(std::string("cannot create ") +
                               rd_kafka_topic_result_name(results[i]) + ": " +
                               rd_kafka_err2str(e));
    }
  }
  wait_until_listed(admin.get(), topics, partitions);
}

using DeleteTopicPtr =
    std::unique_ptr<rd_kafka_DeleteTopic_t,
                    sluice::kafka::RdDeleter<&rd_kafka_DeleteTopic_destroy>>;

std::vector<std::string> topics_with_prefix(rd_kafka_t* client,
                                            const std::string& prefix) {
  const sluice::StatusOr<std::map<std::string, int>> topics =
      sluice::kafka::list_topics(client, std::chrono::seconds(30));
  if (!topics.ok()) throw std::runtime_error(topics.status().to_string());
  std::vector<std::string> names;
  for (const auto& [name, partitions] : *topics) {
    if (name.compare(0, prefix.size(), prefix) == 0) names.push_back(name);
  }
  return names;
}

}  // namespace

std::unique_ptr<BenchCluster> BenchCluster::real(std::string bootstrap) {
  std::unique_ptr<BenchCluster> c(new BenchCluster());
  c->bootstrap_ = std::move(bootstrap);
  return c;
}

std::unique_ptr<BenchCluster> BenchCluster::embedded() {
  std::unique_ptr<BenchCluster> c(new BenchCluster());
  c->mock_ = std::make_unique<sluice::testing::EmbeddedCluster>(1);
  c->bootstrap_ = c->mock_->bootstrap_servers();
  return c;
}

void BenchCluster::create_topics(const std::vector<std::string>& topics,
                                 int partitions, std::int64_t retention_bytes) {
  if (!mock_) {
    create_with_admin(bootstrap_, topics, partitions, retention_bytes);
    return;
  }
  for (const std::string& topic : topics) {
    mock_->create_topic(topic, partitions).throw_if_error();
  }
}

std::string BenchCluster::delete_topics_with_prefix(const std::string& prefix) {
  if (mock_) return {};
  try {
    sluice::kafka::ClientPtr admin =
        make_client(RD_KAFKA_PRODUCER, {{"bootstrap.servers", bootstrap_}});
    const std::vector<std::string> names =
        topics_with_prefix(admin.get(), prefix);
    if (names.empty()) return {};
    std::vector<DeleteTopicPtr> specs;
    std::vector<rd_kafka_DeleteTopic_t*> raw;
    for (const std::string& name : names) {
      specs.emplace_back(rd_kafka_DeleteTopic_new(name.c_str()));
      raw.push_back(specs.back().get());
    }
    sluice::kafka::QueuePtr queue(rd_kafka_queue_new(admin.get()));
    rd_kafka_DeleteTopics(admin.get(), raw.data(), raw.size(), nullptr,
                          queue.get());
    EventPtr event(rd_kafka_queue_poll(queue.get(), 30000));
    if (!event) return "DeleteTopics: no answer in 30 s";
    std::size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_DeleteTopics_result_topics(
            rd_kafka_event_DeleteTopics_result(event.get()), &n);
    for (std::size_t i = 0; i < n; ++i) {
      if (const rd_kafka_resp_err_t e =
              rd_kafka_topic_result_error(results[i])) {
        return std::string("cannot delete ") +
               rd_kafka_topic_result_name(results[i]) + ": " +
               rd_kafka_err2str(e);
      }
    }
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace e2e
