// WindowResult: one record of traffic-aggregates read back, and the
// summaries the demo prints from many of them.

#ifndef TRAFFIC_WINDOW_RESULT_H_
#define TRAFFIC_WINDOW_RESULT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traffic/core/sensor_catalog.h"

namespace traffic {

// The members of write_window_result_json()'s output.
struct WindowResult {
  std::string sensor_id;
  std::int64_t window_start_ms = 0;
  std::int64_t window_end_ms = 0;
  std::uint64_t count = 0;
  double min_speed_mph = 0;
  double avg_speed_mph = 0;
  double max_speed_mph = 0;
  double total_volume = 0;
  std::uint64_t congested_count = 0;
  double congestion_threshold_mph = 0;
  std::int64_t first_event_ms = 0;
  std::int64_t last_event_ms = 0;
};

// Parses one window result; nullopt for anything else (or an empty window).
std::optional<WindowResult> parse_window_result(std::string_view json);

// Average speed of a highway (or one direction of it) over windows,
// weighted by readings.
struct HighwaySpeed {
  std::string highway;
  std::string direction;  // "" for both directions
  std::uint64_t readings = 0;
  double average_mph = 0;
};

// Per highway and per highway direction, in catalog order; windows of
// sensors the catalog does not know are left out.
std::vector<HighwaySpeed> highway_speeds(
    const std::vector<WindowResult>& windows, const SensorCatalog& catalog);

// A sensor's congestion over all its windows.
struct SensorCongestion {
  std::string sensor_id;
  std::uint64_t readings = 0;
  std::uint64_t congested = 0;
  double average_mph = 0;
  double congested_share() const {
    return readings == 0
               ? 0
               : static_cast<double>(congested) / static_cast<double>(readings);
  }
};

// The `n` most congested sensors: highest congested share, then lowest
// average speed, then id.
std::vector<SensorCongestion> most_congested(
    const std::vector<WindowResult>& windows, std::size_t n);

}  // namespace traffic

#endif  // TRAFFIC_WINDOW_RESULT_H_
