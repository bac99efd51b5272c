// EmbeddedCluster: librdkafka's in-process mock Kafka cluster, for fast
// integration tests and the demo. It speaks the Kafka protocol on random
// 127.0.0.1 ports, so any Kafka client can use bootstrap_servers().
//
// Its limits (measured; see docs/): transactions are not isolated and
// transactional offsets are dropped, nobody is fenced, there is no
// compaction, and each partition keeps only its last ~5 MiB. Never use it to
// prove exactly-once; use the real broker (scripts/kafka-local.sh).
//
// Thread-safety: create_topic and the fault hooks may be called from any
// thread.
#ifndef SLUICE_TESTING_EMBEDDED_CLUSTER_H_
#define SLUICE_TESTING_EMBEDDED_CLUSTER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "sluice/status.h"

namespace sluice::testing {

class EmbeddedCluster {
 public:
  // Starts a cluster of `brokers` brokers. Throws std::runtime_error when
  // librdkafka cannot create it.
  explicit EmbeddedCluster(int brokers = 1);
  ~EmbeddedCluster();
  EmbeddedCluster(const EmbeddedCluster&) = delete;
  EmbeddedCluster& operator=(const EmbeddedCluster&) = delete;

  // "127.0.0.1:port[,...]".
  const std::string& bootstrap_servers() const noexcept;

  // Creates `topic` with `partitions` partitions. Topics that are not created
  // are auto-created with 4 partitions on first use.
  Status create_topic(const std::string& topic, int partitions,
                      int replication_factor = 1);

  // Fault injection: broker `broker_id` (1-based) stops or resumes answering.
  Status set_broker_down(std::int32_t broker_id, bool down);
  // Adds `rtt` round-trip latency to every request to `broker_id`.
  Status set_broker_latency(std::int32_t broker_id,
                            std::chrono::milliseconds rtt);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::testing

#endif  // SLUICE_TESTING_EMBEDDED_CLUSTER_H_
