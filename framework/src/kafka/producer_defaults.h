// The settings every stream-thread producer starts from (the user's
// producer.* settings still override them). The end-to-end benchmark's
// ceilings (bench/e2e/passthrough.cc) start from them too, so that they
// produce as sluice does.
#ifndef SLUICE_SRC_KAFKA_PRODUCER_DEFAULTS_H_
#define SLUICE_SRC_KAFKA_PRODUCER_DEFAULTS_H_

#include "kafka/client_factory.h"

namespace sluice::kafka {

// Idempotent, Java's default partitioner (murmur2: keys land where Kafka
// Streams and Java producers put them, so co-partitioning holds), and a
// 5 ms linger (a longer one only moves produce work into the commit:
// docs/performance.md).
inline Properties producer_defaults() {
  return {{"enable.idempotence", "true"},
          {"partitioner", "murmur2_random"},
          {"linger.ms", "5"}};
}

}  // namespace sluice::kafka

#endif  // SLUICE_SRC_KAFKA_PRODUCER_DEFAULTS_H_
