#include "traffic/flat_reading.h"

#include <simdjson.h>

#include <cmath>

#include "traffic/core/iso8601.h"

namespace traffic {
namespace {

std::optional<FlatReading> fail(std::string* error, std::string_view why) {
  if (error != nullptr) error->assign(why);
  return std::nullopt;
}

}  // namespace

Reading WindowInput::for_window() const {
  Reading reading;
  reading.speed_mph = speed_mph;
  reading.volume_vph = volume_vph;
  reading.event_time_ms = event_time_ms;
  return reading;
}

std::optional<FlatReading> parse_flat_reading(std::string_view json,
                                              std::string* error) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) {
    return fail(error, "not JSON");
  }
  simdjson::dom::object object;
  if (root.get(object) != simdjson::SUCCESS) {
    return fail(error, "not a JSON object");
  }
  FlatReading out;
  if (object["speed"].get(out.speed_mph) != simdjson::SUCCESS ||
      !std::isfinite(out.speed_mph)) {
    return fail(error, "no numeric \"speed\"");
  }
  if (object["volume"].get(out.volume_vph) != simdjson::SUCCESS ||
      !std::isfinite(out.volume_vph)) {
    return fail(error, "no numeric \"volume\"");
  }
  std::string_view timestamp;
  if (object["timestamp"].get(timestamp) != simdjson::SUCCESS) {
    return fail(error, "no string \"timestamp\"");
  }
  const std::optional<std::int64_t> event_ms = parse_iso8601_ms(timestamp);
  if (!event_ms) return fail(error, "unparsable \"timestamp\"");
  out.event_time_ms = *event_ms;
  out.json.assign(json);
  return out;
}

}  // namespace traffic
