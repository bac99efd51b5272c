// FetchWaker: restarts a consumer's fetching as soon as its prefetch queue
// has room again, instead of up to a second later.
//
// librdkafka 2.0.2 (Debian 12's) stops fetching once the consumer's queue
// holds queued.max.messages.kbytes (or queued.min.messages) and decides
// again only when the broker thread wakes up: on a network event, an op
// for that broker, or after 1 s (2.1 added fetch.queue.backoff.ms for
// this). With a backlog, the stream thread drains the queue and then waits
// for that second; a bound large enough to hold a second of input costs
// memory instead. Any request to the partition leader wakes its broker
// thread, so after every half-bound of consumed input this sends one
// ListOffsets request per leader of the assigned partitions (through
// rd_kafka_offsets_for_times, on a helper thread, so the stream thread
// never waits for it). Below half the bound per wake-up (no backlog) it
// sends nothing. See docs/performance.md.
//
// Thread-safety: consumed() and the destructor are called by the thread
// that owns the consumer; the helper thread only calls librdkafka.
#ifndef SLUICE_SRC_KAFKA_FETCH_WAKER_H_
#define SLUICE_SRC_KAFKA_FETCH_WAKER_H_

#include <librdkafka/rdkafka.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

#include "kafka/client_factory.h"

namespace sluice::kafka {

// librdkafka 2.1 replaced the 2.0 behaviour above with
// fetch.queue.backoff.ms: once the queue is full, a partition's next fetch
// waits that long (1 s by default), and the FetchWaker's requests do not
// cut it short. On 2.8.0 with a 4 MiB bound the traffic app ran at ~14k
// readings/s with the default and at full speed with 10 ms
// (docs/performance.md).
inline constexpr int kFetchQueueBackoffMs = 10;

// The fetch settings a consumer with a small prefetch bound needs on the
// librdkafka it runs on, to go below the user's own: from 2.1 on,
// fetch.queue.backoff.ms = kFetchQueueBackoffMs; before 2.1 nothing (those
// versions reject the key, and the FetchWaker does the job).
// `librdkafka_version` is encoded as rd_kafka_version() returns it,
// 0xMMmmrrxx (2.1.0 is 0x020100ff).
Properties fetch_defaults(int librdkafka_version);

class FetchWaker {
 public:
  // The consumer's queue bounds, as configured; librdkafka's defaults
  // unless set.
  struct Bounds {
    // queued.max.messages.kbytes, in bytes
    std::size_t queue_bytes = std::size_t{65536} * 1024;
    std::size_t queue_messages = 100000;  // queued.min.messages
  };

  // Reads the bounds from a consumer configuration (librdkafka's defaults
  // where unset).
  static Bounds bounds_of(const rd_kafka_conf_t& conf);

  // REQUIRES: `consumer` outlives this object.
  FetchWaker(rd_kafka_t* consumer, Bounds bounds);
  // Stops and joins the helper thread (waits for a wake-up in flight, at
  // most kRequestTimeoutMs).
  ~FetchWaker();
  FetchWaker(const FetchWaker&) = delete;
  FetchWaker& operator=(const FetchWaker&) = delete;

  // Accounts for one consumed message of `payload_bytes`; wakes the
  // fetchers after every half of a bound.
  void consumed(std::size_t payload_bytes) {
    bytes_ += payload_bytes;
    if (++messages_ >= wake_messages_ || bytes_ >= wake_bytes_) wake();
  }

  // Wake-ups requested so far (the helper thread may merge some).
  std::uint64_t wakeups_requested() const noexcept { return requested_; }
  // Wake-ups sent so far: one call, one request per partition leader.
  std::uint64_t wakeups_sent() const;

  static constexpr int kRequestTimeoutMs = 1000;

 private:
  void wake();
  void run();
  void send_wakeup();

  rd_kafka_t* const consumer_;
  const std::size_t wake_bytes_;
  const std::size_t wake_messages_;
  std::size_t bytes_ = 0;
  std::size_t messages_ = 0;
  std::uint64_t requested_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool pending_ = false;
  bool stop_ = false;
  std::uint64_t sent_ = 0;
  std::thread thread_;  // started by the first wake-up
};

}  // namespace sluice::kafka

#endif  // SLUICE_SRC_KAFKA_FETCH_WAKER_H_
