#include "traffic/flat_reading.h"

#include <gtest/gtest.h>

#include "traffic/core/reading_writer.h"

namespace traffic {
namespace {

Reading sample() {
  Reading r;
  r.sensor_id = "717445";
  r.event_time_ms = 1795442401234;
  r.speed_mph = 31.6;
  r.volume_vph = 2203;
  r.highway = "I-10";
  r.direction = Direction::kEast;
  r.lane_count = 5;
  r.weather_condition = "cloudy";
  r.occupancy = 0.125;
  return r;
}

TEST(traffic_flat_reading, ReadsWhatTheWriterWrites) {
  std::string json;
  write_reading_json(sample(), {1795442409999, "p"}, &json);
  const std::optional<FlatReading> flat = parse_flat_reading(json);
  ASSERT_TRUE(flat);
  EXPECT_EQ(flat->json, json);
  EXPECT_EQ(flat->speed_mph, 31.6);
  EXPECT_EQ(flat->volume_vph, 2203);
  EXPECT_EQ(flat->event_time_ms, 1795442401234);
  const Reading w = flat->window_input().for_window();
  EXPECT_EQ(w.speed_mph, 31.6);
  EXPECT_EQ(w.volume_vph, 2203);
  EXPECT_EQ(w.event_time_ms, 1795442401234);
}

TEST(traffic_flat_reading, RefusesWhatItCannotAggregate) {
  std::string error;
  for (const char* bad :
       {"", "[]", "{", R"({"speed":1,"volume":2})",
        R"({"speed":"1","volume":2,"timestamp":"2026-01-01T00:00:00Z"})",
        R"({"speed":1,"volume":null,"timestamp":"2026-01-01T00:00:00Z"})",
        R"({"speed":1,"volume":2,"timestamp":"yesterday"})"}) {
    EXPECT_FALSE(parse_flat_reading(bad, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

}  // namespace
}  // namespace traffic
