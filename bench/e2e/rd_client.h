// make_client: a librdkafka client from key/value settings, owned.
#ifndef BENCH_E2E_RD_CLIENT_H_
#define BENCH_E2E_RD_CLIENT_H_

#include <librdkafka/rdkafka.h>

#include <string>
#include <utility>
#include <vector>

#include "kafka/rd_handles.h"

namespace e2e {

using Settings = std::vector<std::pair<std::string, std::string>>;

// Creates a producer or consumer with `settings`. Throws
// std::invalid_argument for a setting librdkafka refuses and
// std::runtime_error when the client cannot be created.
sluice::kafka::ClientPtr make_client(rd_kafka_type_t type,
                                     const Settings& settings);

}  // namespace e2e

#endif  // BENCH_E2E_RD_CLIENT_H_
