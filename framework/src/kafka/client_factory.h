// Building librdkafka clients from property maps, with errors that name the
// offending key.
#ifndef SLUICE_SRC_KAFKA_CLIENT_FACTORY_H_
#define SLUICE_SRC_KAFKA_CLIENT_FACTORY_H_

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "kafka/rd_handles.h"
#include "sluice/status.h"

namespace sluice::kafka {

using Properties = std::map<std::string, std::string, std::less<>>;

// A conf with every property of `properties` set, in order.
StatusOr<ConfPtr> make_conf(const Properties& properties);

// Creates a client of `type` from `conf` (ownership passes to the client on
// success).
StatusOr<ClientPtr> make_client(rd_kafka_type_t type, ConfPtr conf);

// The value of the duration property `name` (in ms, e.g. socket.timeout.ms)
// that `client` runs with: its own setting or librdkafka's default.
// REQUIRES: `name` is an integer property of `client`'s type.
std::chrono::milliseconds ms_property(rd_kafka_t* client, const char* name);

// The topics the cluster knows, with their partition counts. Fails with
// kUnavailable when no broker answers within `timeout`.
StatusOr<std::map<std::string, int>> list_topics(
    rd_kafka_t* client, std::chrono::milliseconds timeout);

}  // namespace sluice::kafka

#endif  // SLUICE_SRC_KAFKA_CLIENT_FACTORY_H_
