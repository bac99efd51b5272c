#include "passthrough_routes.h"

#include <stdexcept>
#include <utility>

namespace e2e {
namespace {

// The sizes of sluice's records in the traffic topology (one run's topics,
// record payloads without Kafka's per-record overhead): the repartition
// value (traffic::kWindowInputBytes), a window store changelog value, a
// window result's JSON.
constexpr std::size_t kRepartitionBytes = 25;
constexpr std::size_t kChangelogBytes = 40;
constexpr std::size_t kWindowResultBytes = 330;

constexpr std::int64_t kDlqEvery = 20;        // 5% of the readings
constexpr std::int64_t kChangelogEvery = 10;  // windows the cache flushes

std::string_view filler(std::size_t size) {
  static const std::string bytes(kWindowResultBytes, 'x');
  return std::string_view(bytes).substr(0, size);
}

Route route(const std::string& topic, std::int32_t partition,
            std::string_view key, std::string_view value, bool headers) {
  Route r;
  r.topic = &topic;
  r.partition = partition;
  r.key = key;
  r.value = value;
  r.copy_headers = headers;
  return r;
}

Routes one(Route a) {
  Routes out;
  out.routes[0] = a;
  out.count = 1;
  return out;
}

Routes two(Route a, Route b) {
  Routes out = one(a);
  out.routes[1] = b;
  out.count = 2;
  return out;
}

Routes traffic_routes(const RouteTopics& t, const Consumed& in) {
  if (in.topic == t.input) {
    if (in.offset % kDlqEvery == 0) {
      return one(route(t.dlq, Route::kByKey, in.key, in.value, true));
    }
    return two(route(t.output, in.partition, in.key, in.value, true),
               route(t.repartition, Route::kByKey, in.key,
                     filler(kRepartitionBytes), true));
  }
  if (in.topic == t.repartition) {
    const Route result = route(t.aggregates, Route::kByKey, in.key,
                               filler(kWindowResultBytes), false);
    if (in.offset % kChangelogEvery != 0) return one(result);
    return two(result, route(t.changelog, in.partition, in.key,
                             filler(kChangelogBytes), false));
  }
  return {};
}

}  // namespace

IoShape parse_io_shape(const std::string& text) {
  if (text == "copy") return IoShape::kCopy;
  if (text == "traffic") return IoShape::kTraffic;
  throw std::invalid_argument("IO_SHAPE: '" + text +
                              "' is not copy or traffic");
}

RouteTopics route_topics(const std::string& application_id, std::string input,
                         std::string output, std::string dlq,
                         std::string aggregates) {
  return {std::move(input),
          std::move(output),
          std::move(dlq),
          std::move(aggregates),
          application_id + "-io-repartition",
          application_id + "-io-changelog"};
}

Routes routes_for(IoShape shape, const RouteTopics& topics,
                  const Consumed& in) {
  if (shape == IoShape::kTraffic) return traffic_routes(topics, in);
  if (in.topic != topics.input) return {};
  return one(route(topics.output, in.partition, in.key, in.value, true));
}

}  // namespace e2e
