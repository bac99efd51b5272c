// Shared fixtures for the traffic core tests.

#ifndef TESTS_TRAFFIC_TEST_READINGS_H_
#define TESTS_TRAFFIC_TEST_READINGS_H_

#include <cstdint>
#include <string>

#include "traffic/core/iso8601.h"
#include "traffic/core/random.h"
#include "traffic/core/reading.h"
#include "traffic/core/reading_document.h"

namespace traffic::testing {

// 2025-10-05T07:42:44.651Z, the predecessor's documented processed_at.
inline constexpr std::int64_t kSeedExampleMs = 1759650164651;

// The predecessor's documented reading (speed 31.6, volume 2203, I-10 E,
// 5 lanes, cloudy) with a sensor id and an event time 44.651 s earlier.
inline Reading seed_example_reading() {
  Reading reading;
  reading.sensor_id = "773869";
  reading.event_time_ms = kSeedExampleMs - 44651;
  reading.speed_mph = 31.6;
  reading.volume_vph = 2203;
  reading.highway = "I-10";
  reading.direction = Direction::kEast;
  reading.lane_count = 5;
  reading.weather_condition = "cloudy";
  return reading;
}

// The seed example with every optional field present.
inline Reading full_reading() {
  Reading reading = seed_example_reading();
  reading.occupancy = 0.127;
  reading.latitude = 34.0407;
  reading.longitude = -118.2468;
  reading.temperature_f = 68.5;
  return reading;
}

// The document of `reading` with its event time in "...Z" form.
inline ReadingDocument document_of(const Reading& reading) {
  return ReadingDocument(reading, format_iso8601_ms(reading.event_time_ms));
}

// Compact text of `document` (no shuffling).
inline std::string text_of(const ReadingDocument& document) {
  Random unused(0);
  return document.serialize(DocumentStyle{}, unused);
}

}  // namespace traffic::testing

#endif  // TESTS_TRAFFIC_TEST_READINGS_H_
