// BenchCluster: where a scenario runs. Either a real Kafka cluster reached
// by its bootstrap servers, or librdkafka's mock cluster inside this process
// (sluice::testing::EmbeddedCluster), which other processes reach over
// loopback.
#ifndef BENCH_E2E_BENCH_CLUSTER_H_
#define BENCH_E2E_BENCH_CLUSTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sluice/testing/embedded_cluster.h"

namespace e2e {

// Not thread-safe.
class BenchCluster {
 public:
  // A real cluster. REQUIRES: `bootstrap` answers.
  static std::unique_ptr<BenchCluster> real(std::string bootstrap);
  // A mock cluster of one broker in this process.
  static std::unique_ptr<BenchCluster> embedded();

  const std::string& bootstrap() const { return bootstrap_; }
  bool embedded_cluster() const { return mock_ != nullptr; }

  // Creates `topics` with `partitions` partitions each. On a real cluster
  // they never expire by time (retention.ms=-1: the generated readings are
  // timestamped days in the past); `retention_bytes` > 0 bounds each
  // partition's size instead (retention.bytes: the broker deletes the
  // oldest segments). Throws std::runtime_error on failure.
  void create_topics(const std::vector<std::string>& topics, int partitions,
                     std::int64_t retention_bytes = -1);

  // Deletes every topic whose name starts with `prefix` (a scenario's
  // inputs, outputs and its contender's internal topics), so that a long
  // run does not fill the broker's disk. Nothing to do on the mock
  // cluster. Returns what went wrong, or an empty string.
  std::string delete_topics_with_prefix(const std::string& prefix);

 private:
  BenchCluster() = default;
  std::string bootstrap_;
  std::unique_ptr<sluice::testing::EmbeddedCluster> mock_;
};

}  // namespace e2e

#endif  // BENCH_E2E_BENCH_CLUSTER_H_
