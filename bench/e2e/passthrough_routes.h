// Where e2e-passthrough sends a consumed record: the I/O shape it runs.
//
//   copy     each record of the input topic, unchanged, to the output
//            topic's partition of the same number: the plain ceiling.
//   traffic  the same Kafka I/O per reading as the traffic topology
//            (apps/traffic/topology.cc), without its work, as measured from
//            a sluice run's topics (docs/performance.md, "the same I/O
//            without the framework"): every 20th input record (by offset)
//            to the DLQ as it is, the others to the events topic as they
//            are and, keyed as they are, a 25-byte record to an internal
//            repartition topic; each record read back from that topic
//            gives a 330-byte window result to the aggregates topic and,
//            every 10th (by offset), a 40-byte record to an internal
//            changelog topic of the same partition. So per reading 1.95
//            records consumed and 3.0 produced; sluice, in one run's
//            topics, ~1.93 and ~2.9 (fewer window results: a window closes
//            on a later reading).
//            What is not mimicked: decoding, validation, the window store
//            and the cache (no work at all), and the DLQ's extra headers.
#ifndef BENCH_E2E_PASSTHROUGH_ROUTES_H_
#define BENCH_E2E_PASSTHROUGH_ROUTES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace e2e {

enum class IoShape { kCopy, kTraffic };

// "copy" or "traffic"; throws std::invalid_argument for anything else.
IoShape parse_io_shape(const std::string& text);

// The topics of one passthrough. The internal ones (repartition and
// changelog, traffic shape only) are named after the application id.
struct RouteTopics {
  std::string input;
  std::string output;  // copy: the copy; traffic: the events
  std::string dlq;
  std::string aggregates;
  std::string repartition;
  std::string changelog;
};

// RouteTopics for `application_id`: the internal topics
// "<application_id>-io-repartition" and "<application_id>-io-changelog".
RouteTopics route_topics(const std::string& application_id, std::string input,
                         std::string output, std::string dlq,
                         std::string aggregates);

// The consumed record a route is made from.
struct Consumed {
  std::string_view topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string_view key;
  std::string_view value;
};

// One record to produce. Points into the consumed record, the RouteTopics
// and static storage: valid while those are.
struct Route {
  static constexpr std::int32_t kByKey = -1;  // RD_KAFKA_PARTITION_UA

  const std::string* topic = nullptr;
  std::int32_t partition = kByKey;
  std::string_view key;
  std::string_view value;
  bool copy_headers = false;  // the consumed record's headers
};

struct Routes {
  std::array<Route, 2> routes;
  std::size_t count = 0;
};

// The records to produce for `in` (none for a topic the shape does not
// read).
Routes routes_for(IoShape shape, const RouteTopics& topics, const Consumed& in);

}  // namespace e2e

#endif  // BENCH_E2E_PASSTHROUGH_ROUTES_H_
