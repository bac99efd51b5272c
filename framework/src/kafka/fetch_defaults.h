// The fetch settings every stream-thread consumer starts from (the user's
// consumer.* settings still override them).
//
// The stream thread bounds its consumer's prefetch queue to 4 MiB
// (queued.max.messages.kbytes) so that a backlog does not cost 64 MiB of
// memory per thread. Once the queue holds that much, librdkafka stops
// fetching a partition and tries again only after fetch.queue.backoff.ms
// (1 s by default): with the default, the traffic app ran at ~14,000
// readings/s instead of ~190,000 (docs/performance.md). 10 ms keeps the
// queue topped up at any rate this machine reaches.
#ifndef SLUICE_SRC_KAFKA_FETCH_DEFAULTS_H_
#define SLUICE_SRC_KAFKA_FETCH_DEFAULTS_H_

#include "kafka/client_factory.h"

namespace sluice::kafka {

inline constexpr int kFetchQueueBackoffMs = 10;

// fetch.queue.backoff.ms = kFetchQueueBackoffMs.
Properties fetch_defaults();

}  // namespace sluice::kafka

#endif  // SLUICE_SRC_KAFKA_FETCH_DEFAULTS_H_
