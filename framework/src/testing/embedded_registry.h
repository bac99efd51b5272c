// INTERNAL. Live EmbeddedClusters by bootstrap string, so that the runtime
// can create internal topics on them: librdkafka's mock brokers do not
// implement CreateTopics (the request times out), but auto-create topics
// with 4 partitions, which would break co-partitioning.
#ifndef SLUICE_SRC_TESTING_EMBEDDED_REGISTRY_H_
#define SLUICE_SRC_TESTING_EMBEDDED_REGISTRY_H_

#include <optional>
#include <string>

#include "sluice/status.h"

namespace sluice::testing {

// Creates `topic` on the embedded cluster serving `bootstrap`; nullopt when
// no embedded cluster in this process serves it.
std::optional<Status> create_topic_if_embedded(const std::string& bootstrap,
                                               const std::string& topic,
                                               int partitions);

}  // namespace sluice::testing

#endif  // SLUICE_SRC_TESTING_EMBEDDED_REGISTRY_H_
