// Reading: one validated, flattened traffic-sensor reading.

#ifndef TRAFFIC_CORE_READING_H_
#define TRAFFIC_CORE_READING_H_

#include <cstdint>
#include <optional>
#include <string>

namespace traffic {

// Direction of travel a loop detector measures. The value is the letter used
// in the input and output JSON.
enum class Direction : char {
  kNorth = 'N',
  kSouth = 'S',
  kEast = 'E',
  kWest = 'W',
};

// A reading that passed every validation rule. Plain data; the strings are
// short enough for the small-string buffer in practice, so refilling a
// Reading does not allocate. Thread-compatible.
struct Reading {
  std::string sensor_id;           // from the value, else from the record key
  std::int64_t event_time_ms = 0;  // input timestamp, UTC epoch milliseconds
  double speed_mph = 0;            // in [0, 120]
  double volume_vph = 0;           // vehicles per hour, in [0, 10000]
  std::string highway;             // non-empty, e.g. "I-10"
  Direction direction = Direction::kNorth;
  std::int32_t lane_count = 0;          // >= 1
  std::string weather_condition;        // non-empty, e.g. "cloudy"
  std::optional<double> occupancy;      // present iff given in the input
  std::optional<double> latitude;       // present iff given in the input
  std::optional<double> longitude;      // present iff given in the input
  std::optional<double> temperature_f;  // present iff given in the input

  friend bool operator==(const Reading&, const Reading&) = default;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_READING_H_
