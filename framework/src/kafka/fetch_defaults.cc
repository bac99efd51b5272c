#include "kafka/fetch_defaults.h"

#include <librdkafka/rdkafka.h>

#include <string>

// fetch.queue.backoff.ms is new in librdkafka 2.1;
// cmake/SluiceDependencies.cmake asks for 2.8, and the library is linked
// statically, so the headers and the code that runs are the same release.
static_assert(RD_KAFKA_VERSION >= 0x02010000,
              "librdkafka 2.1 or later is needed (fetch.queue.backoff.ms)");

namespace sluice::kafka {

Properties fetch_defaults() {
  return {{"fetch.queue.backoff.ms", std::to_string(kFetchQueueBackoffMs)}};
}

}  // namespace sluice::kafka
