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
// thread, also while clients use the cluster.
#ifndef SLUICE_TESTING_EMBEDDED_CLUSTER_H_
#define SLUICE_TESTING_EMBEDDED_CLUSTER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sluice/status.h"

namespace sluice::testing {

class EmbeddedCluster {
 public:
  // Kafka protocol request types (the protocol's ApiKey numbers), for
  // push_request_errors().
  enum class Api : std::int16_t {
    kProduce = 0,
    kFetch = 1,
    kListOffsets = 2,
    kMetadata = 3,
    kOffsetCommit = 8,
    kOffsetFetch = 9,
    kFindCoordinator = 10,
    kJoinGroup = 11,
    kHeartbeat = 12,
    kSyncGroup = 14,
    kInitProducerId = 22,
    kAddPartitionsToTxn = 24,
    kEndTxn = 26,
  };

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
  // The next errors.size() requests of type `api`, to whichever broker, are
  // answered with these Kafka protocol error codes in order, e.g.
  //   6 NOT_LEADER_OR_FOLLOWER, 7 REQUEST_TIMED_OUT,
  //   15 COORDINATOR_NOT_AVAILABLE, 16 NOT_COORDINATOR;
  // 0 lets one request through. Errors pushed earlier and not yet used come
  // first.
  void push_request_errors(Api api, const std::vector<int>& errors);
  // The next answers of broker `broker_id` to requests of type `api` are
  // delayed: one answer per element, after `rtt`, with the error code
  // `error` (0: success). Pushed after those pushed earlier.
  struct DelayedAnswer {
    int error = 0;
    std::chrono::milliseconds rtt{0};
  };
  // kInvalidArgument when there is no such broker.
  Status push_broker_answers(std::int32_t broker_id, Api api,
                             const std::vector<DelayedAnswer>& answers);
  // Drops the errors pushed for `api` and not yet used.
  void clear_request_errors(Api api);
  // Makes broker `broker_id` the leader of `topic` [`partition`]; clients
  // find out through NOT_LEADER_OR_FOLLOWER answers and new metadata.
  Status set_partition_leader(const std::string& topic, std::int32_t partition,
                              std::int32_t broker_id);
  // Makes broker `broker_id` the coordinator of consumer group `group`.
  Status set_group_coordinator(const std::string& group,
                               std::int32_t broker_id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::testing

#endif  // SLUICE_TESTING_EMBEDDED_CLUSTER_H_
