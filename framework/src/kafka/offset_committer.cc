#include "kafka/offset_committer.h"

#include <algorithm>
#include <memory>
#include <utility>

namespace sluice::kafka {

using Clock = std::chrono::steady_clock;

OffsetCommitter::OffsetCommitter(rd_kafka_t* consumer)
    : consumer_(consumer), results_(rd_kafka_queue_new(consumer)) {}

// The queue is destroyed with a commit perhaps still in flight: librdkafka
// keeps it alive until the result is posted, and drops the result.
OffsetCommitter::~OffsetCommitter() = default;

bool OffsetCommitter::start(const rd_kafka_topic_partition_list_t& offsets) {
  if (in_flight()) return false;
  offsets_.reset(rd_kafka_topic_partition_list_copy(&offsets));
  sent_ = Clock::now();
  const rd_kafka_resp_err_t err = rd_kafka_commit_queue(
      consumer_, offsets_.get(), results_.get(), nullptr, nullptr);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    refused_ = Outcome{err, std::move(offsets_), {}};
  }
  return true;
}

Clock::duration OffsetCommitter::age() const {
  return sent_ ? Clock::now() - *sent_ : Clock::duration::zero();
}

std::optional<OffsetCommitter::Outcome> OffsetCommitter::collect(
    std::chrono::milliseconds wait) {
  if (!in_flight()) return std::nullopt;
  if (refused_) {
    sent_.reset();
    return std::exchange(refused_, std::nullopt);
  }
  const auto deadline = Clock::now() + wait;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    EventPtr event(rd_kafka_queue_poll(
        results_.get(),
        static_cast<int>(std::max<long long>(left.count(), 0))));
    if (event == nullptr) return std::nullopt;
    // Nothing but commit results is posted to this queue.
    if (rd_kafka_event_type(event.get()) != RD_KAFKA_EVENT_OFFSET_COMMIT) {
      if (Clock::now() >= deadline) return std::nullopt;
      continue;
    }
    Outcome out{rd_kafka_event_error(event.get()), std::move(offsets_),
                Clock::now() - *sent_};
    sent_.reset();
    return out;
  }
}

}  // namespace sluice::kafka
