// The flattened output JSON of a valid reading (the predecessor's shape).

#ifndef TRAFFIC_CORE_READING_WRITER_H_
#define TRAFFIC_CORE_READING_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "traffic/core/reading.h"

namespace traffic {

// The predecessor service's processor id (its Kafka CLIENT_ID).
inline constexpr std::string_view kDefaultProcessorId =
    "stream-processor-client";

// Processing metadata added to every flattened reading.
struct OutputMetadata {
  std::int64_t processed_at_ms = 0;  // UTC epoch milliseconds
  std::string_view processor_id = kDefaultProcessorId;
};

// Replaces *out with the flattened JSON of `reading`, members in this order:
// sensor_id, timestamp, speed, volume, highway, direction, lane_count,
// weather_conditions, processed_at, processor_id, validation_status
// ("valid"), then occupancy, latitude, longitude, temperature_f, each only
// if present. Timestamps are "YYYY-MM-DDTHH:MM:SS.mmmZ"; see JsonWriter for
// number and string formatting. Reuses *out's capacity. Thread-safe.
// REQUIRES: out is not null.
void write_reading_json(const Reading& reading, const OutputMetadata& metadata,
                        std::string* out);

}  // namespace traffic

#endif  // TRAFFIC_CORE_READING_WRITER_H_
