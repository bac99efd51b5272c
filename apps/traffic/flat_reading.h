// FlatReading: a valid reading as the app writes it to traffic-events (the
// flattened JSON), together with the numbers its window needs.

#ifndef TRAFFIC_FLAT_READING_H_
#define TRAFFIC_FLAT_READING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "traffic/core/reading.h"

namespace traffic {

// What a reading's window needs, and all of it that crosses the repartition
// topic (the sensor id is the key). A value type.
struct WindowInput {
  double speed_mph = 0;
  double volume_vph = 0;
  std::int64_t event_time_ms = 0;

  // The reading as WindowAggregate::add() sees it (only speed, volume and
  // event time are set).
  Reading for_window() const;

  friend bool operator==(const WindowInput&, const WindowInput&) = default;
};

// The flattened JSON of a valid reading (write_reading_json()) and the
// values the per-sensor windows aggregate, so that they need not be parsed
// again where the record was made. A value type; thread-compatible.
struct FlatReading {
  std::string json;
  double speed_mph = 0;
  double volume_vph = 0;
  std::int64_t event_time_ms = 0;

  WindowInput window_input() const {
    return {speed_mph, volume_vph, event_time_ms};
  }

  friend bool operator==(const FlatReading&, const FlatReading&) = default;
};

// Reads `json`, a flattened reading written by write_reading_json(): takes
// its "speed", "volume" and "timestamp" members and keeps the text as is.
// Returns nullopt (and sets *error, if given) when the text is not a JSON
// object with a finite numeric speed and volume and a timestamp that
// parse_iso8601_ms() accepts. Thread-safe (one simdjson parser per thread).
std::optional<FlatReading> parse_flat_reading(std::string_view json,
                                              std::string* error = nullptr);

}  // namespace traffic

#endif  // TRAFFIC_FLAT_READING_H_
