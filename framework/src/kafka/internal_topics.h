// Creating the topics the runtime owns: store changelogs.
#ifndef SLUICE_SRC_KAFKA_INTERNAL_TOPICS_H_
#define SLUICE_SRC_KAFKA_INTERNAL_TOPICS_H_

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "kafka/rd_handles.h"
#include "sluice/status.h"

namespace sluice::kafka {

struct InternalTopic {
  std::string name;
  int partitions = 1;
  // Topic configs, e.g. cleanup.policy=compact.
  std::map<std::string, std::string> configs;
};

// Makes sure each topic exists with its partition count. Existing topics
// with the right count are kept; a different count is an error (the data of
// a store would be split differently). On an EmbeddedCluster of this process
// the mock's own API is used; elsewhere the Admin API, with
// replication.factor = min(3, brokers).
Status ensure_topics(rd_kafka_t* admin, const std::string& bootstrap,
                     const std::map<std::string, int>& existing,
                     const std::vector<InternalTopic>& topics,
                     std::chrono::milliseconds timeout);

}  // namespace sluice::kafka

#endif  // SLUICE_SRC_KAFKA_INTERNAL_TOPICS_H_
