#include "kafka/internal_topics.h"

#include <algorithm>

#include "testing/embedded_registry.h"

namespace sluice::kafka {
namespace {

using NewTopicPtr =
    std::unique_ptr<rd_kafka_NewTopic_t, RdDeleter<&rd_kafka_NewTopic_destroy>>;
using EventPtr =
    std::unique_ptr<rd_kafka_event_t, RdDeleter<&rd_kafka_event_destroy>>;

int broker_count(rd_kafka_t* admin, std::chrono::milliseconds timeout) {
  const rd_kafka_metadata_t* raw = nullptr;
  if (rd_kafka_metadata(admin, 0, nullptr, &raw,
                        static_cast<int>(timeout.count())) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    return 1;
  }
  MetadataPtr md(raw);
  return std::max(1, md->broker_cnt);
}

Status create_with_admin(rd_kafka_t* admin,
                         const std::vector<const InternalTopic*>& topics,
                         std::chrono::milliseconds timeout) {
  const int replication = std::min(3, broker_count(admin, timeout));
  std::vector<NewTopicPtr> specs;
  std::vector<rd_kafka_NewTopic_t*> raw;
  char err[512];
  for (const InternalTopic* t : topics) {
    specs.emplace_back(rd_kafka_NewTopic_new(t->name.c_str(), t->partitions,
                                             replication, err, sizeof err));
    if (!specs.back()) return invalid_argument("topic " + t->name + ": " + err);
    for (const auto& [k, v] : t->configs) {
      rd_kafka_NewTopic_set_config(specs.back().get(), k.c_str(), v.c_str());
    }
    raw.push_back(specs.back().get());
  }
  QueuePtr queue(rd_kafka_queue_new(admin));
  rd_kafka_CreateTopics(admin, raw.data(), raw.size(), nullptr, queue.get());
  EventPtr event(
      rd_kafka_queue_poll(queue.get(), static_cast<int>(timeout.count())));
  if (!event) return Status(StatusCode::kTimeout, "CreateTopics got no answer");
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status(StatusCode::kUnavailable,
                  rd_kafka_event_error_string(event.get()));
  }
  std::size_t n = 0;
  const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(
      rd_kafka_event_CreateTopics_result(event.get()), &n);
  for (std::size_t i = 0; i < n; ++i) {
    const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR &&
        e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      return Status(StatusCode::kUnavailable,
                    std::string("cannot create ") +
                        rd_kafka_topic_result_name(results[i]) + ": " +
                        rd_kafka_err2str(e));
    }
  }
  return {};
}

}  // namespace

Status ensure_topics(rd_kafka_t* admin, const std::string& bootstrap,
                     const std::map<std::string, int>& existing,
                     const std::vector<InternalTopic>& topics,
                     std::chrono::milliseconds timeout) {
  std::vector<const InternalTopic*> missing;
  for (const InternalTopic& t : topics) {
    auto it = existing.find(t.name);
    if (it == existing.end()) {
      missing.push_back(&t);
    } else if (it->second != t.partitions) {
      return failed_precondition(
          "internal topic " + t.name + " has " + std::to_string(it->second) +
          " partitions, expected " + std::to_string(t.partitions) +
          " (as many as the source topics); delete it or reset the "
          "application");
    }
  }
  if (missing.empty()) return {};
  std::vector<const InternalTopic*> for_admin;
  for (const InternalTopic* t : missing) {
    if (auto s = testing::create_topic_if_embedded(bootstrap, t->name,
                                                   t->partitions)) {
      if (!s->ok()) return *s;
    } else {
      for_admin.push_back(t);
    }
  }
  if (for_admin.empty()) return {};
  return create_with_admin(admin, for_admin, timeout);
}

}  // namespace sluice::kafka
