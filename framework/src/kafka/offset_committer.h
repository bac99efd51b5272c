// OffsetCommitter: commits a consumer's offsets without blocking its thread
// on the group coordinator, one commit at a time.
//
// rd_kafka_commit(..., async=0) waits as long as the commit takes, and in
// librdkafka 2.0.2 (sluice's before 2.8.0) that could be until the
// consumer's session timed out: an OffsetCommit answered NOT_COORDINATOR or
// COORDINATOR_NOT_AVAILABLE marks the coordinator dead, its retry waits on the
// coordinator connection, and re-finding the coordinator closes that
// connection, which fails the retry with a transport error that marks the
// coordinator dead again. On the embedded cluster the stream thread processed
// nothing for 6.2 s, until the session timed out (docs/reliability.md).
// Committing through a queue, the thread goes on processing; the result is
// collected later.
//
// At most one commit is in flight: start() refuses while one is, and the
// caller's next commit (with later offsets) goes when it has finished.
//
// Thread-safety: one thread (the consumer's owner) calls everything.
#ifndef SLUICE_SRC_KAFKA_OFFSET_COMMITTER_H_
#define SLUICE_SRC_KAFKA_OFFSET_COMMITTER_H_

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <optional>
#include <string>

#include "kafka/rd_handles.h"

namespace sluice::kafka {

class OffsetCommitter {
 public:
  // How a commit ended.
  struct Outcome {
    rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
    // The offsets that were committed (or were to be).
    PartitionListPtr offsets;
    std::chrono::steady_clock::duration latency{};
    bool ok() const noexcept { return error == RD_KAFKA_RESP_ERR_NO_ERROR; }
  };

  // `consumer` must outlive this object.
  explicit OffsetCommitter(rd_kafka_t* consumer);
  ~OffsetCommitter();
  OffsetCommitter(const OffsetCommitter&) = delete;
  OffsetCommitter& operator=(const OffsetCommitter&) = delete;

  // Starts committing a copy of `offsets`. Returns false, sending nothing,
  // while an earlier commit is in flight.
  bool start(const rd_kafka_topic_partition_list_t& offsets);
  bool in_flight() const noexcept { return sent_.has_value(); }
  // How long the commit in flight has been; zero when none is.
  std::chrono::steady_clock::duration age() const;

  // The outcome of the commit in flight, once it has ended, waiting for it
  // up to `wait`; nullopt while it goes on (or when none is in flight).
  std::optional<Outcome> collect(std::chrono::milliseconds wait);

 private:
  rd_kafka_t* consumer_;
  QueuePtr results_;
  std::optional<std::chrono::steady_clock::time_point> sent_;
  PartitionListPtr offsets_;
  // A commit librdkafka refused at once (no consumer group, ...).
  std::optional<Outcome> refused_;
};

}  // namespace sluice::kafka

#endif  // SLUICE_SRC_KAFKA_OFFSET_COMMITTER_H_
