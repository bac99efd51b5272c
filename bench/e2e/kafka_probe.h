// KafkaProbe: how far a contender got, as Kafka sees it: the end offsets
// (high watermarks) of topics, a consumer group's committed offsets, and
// counts of records a read_committed consumer sees.
#ifndef BENCH_E2E_KAFKA_PROBE_H_
#define BENCH_E2E_KAFKA_PROBE_H_

#include <cstdint>
#include <string>

#include "kafka/rd_handles.h"

namespace e2e {

// Not thread-safe. Neither copyable nor movable.
class KafkaProbe {
 public:
  // `group`: the consumer group whose committed offsets committed() reads.
  KafkaProbe(const std::string& bootstrap, const std::string& group);
  KafkaProbe(const KafkaProbe&) = delete;
  KafkaProbe& operator=(const KafkaProbe&) = delete;

  // The sum of the high watermarks of partitions 0..partitions-1 of
  // `topic`, or -1 when the broker does not answer.
  std::int64_t end_offsets(const std::string& topic, int partitions);
  // The sum of the group's committed offsets on those partitions (a
  // partition without one counts 0), or -1 when the broker does not answer
  // or reports an error for one of them. Offsets sent in a transaction
  // count once it commits; the probe does not wait for open ones.
  std::int64_t committed(const std::string& topic, int partitions);

 private:
  sluice::kafka::ClientPtr consumer_;
};

// Reads `topic` from the beginning to its end with read_committed and
// returns how many records it holds (without control records). Throws
// std::runtime_error when it cannot read it within a minute.
std::uint64_t count_records(const std::string& bootstrap,
                            const std::string& topic, int partitions);

}  // namespace e2e

#endif  // BENCH_E2E_KAFKA_PROBE_H_
