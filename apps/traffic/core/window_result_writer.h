// The JSON of a closed per-sensor window, the app's aggregate output.

#ifndef TRAFFIC_CORE_WINDOW_RESULT_WRITER_H_
#define TRAFFIC_CORE_WINDOW_RESULT_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "traffic/core/window_aggregate.h"

namespace traffic {

// The window a result describes: [start_ms, end_ms) in UTC epoch ms.
struct WindowBounds {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
};

// Replaces *out with one JSON object, members in this order: sensor_id,
// window_start, window_end, count, min_speed_mph, avg_speed_mph,
// max_speed_mph, total_volume, avg_volume, congested_count, congested_share,
// congestion_threshold_mph, first_event_time, last_event_time. Times are
// "YYYY-MM-DDTHH:MM:SS.mmmZ". For an empty aggregate the speed, average and
// event-time members are null. Thread-safe. REQUIRES: out is not null.
void write_window_result_json(std::string_view sensor_id, WindowBounds window,
                              const WindowAggregate& aggregate,
                              std::string* out);

}  // namespace traffic

#endif  // TRAFFIC_CORE_WINDOW_RESULT_WRITER_H_
