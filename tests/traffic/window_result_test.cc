#include "traffic/window_result.h"

#include <gtest/gtest.h>

#include "traffic/core/window_result_writer.h"

namespace traffic {
namespace {

WindowResult window(const std::string& sensor, std::uint64_t count, double avg,
                    std::uint64_t congested) {
  WindowResult w;
  w.sensor_id = sensor;
  w.count = count;
  w.avg_speed_mph = avg;
  w.congested_count = congested;
  return w;
}

TEST(traffic_window_result, ParsesTheWindowWriter) {
  WindowAggregate a;
  Reading r;
  r.speed_mph = 30;
  r.volume_vph = 500;
  r.event_time_ms = 1795442401000;
  a.add(r);
  std::string json;
  write_window_result_json("717445", {1795442400000, 1795442700000}, a, &json);
  const auto w = parse_window_result(json);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->sensor_id, "717445");
  EXPECT_EQ(w->window_start_ms, 1795442400000);
  EXPECT_EQ(w->window_end_ms, 1795442700000);
  EXPECT_EQ(w->count, 1u);
  EXPECT_EQ(w->avg_speed_mph, 30);
  EXPECT_EQ(w->congested_count, 1u);
  EXPECT_EQ(w->congestion_threshold_mph, 35);
  EXPECT_EQ(w->first_event_ms, 1795442401000);
  EXPECT_FALSE(parse_window_result("{}"));
  EXPECT_FALSE(parse_window_result("not json"));
}

TEST(traffic_window_result, HighwaySpeedsAreWeightedByReadings) {
  const SensorCatalog& catalog = SensorCatalog::metr_la();
  const Sensor& s = catalog[0];
  const auto speeds = highway_speeds(
      {window(s.id, 1, 10, 1), window(s.id, 3, 50, 0), window("x", 9, 1, 0)},
      catalog);
  ASSERT_EQ(speeds.size(), 2u);
  EXPECT_EQ(speeds[0].highway, s.highway);
  EXPECT_EQ(speeds[0].direction, "");
  EXPECT_EQ(speeds[0].readings, 4u);
  EXPECT_DOUBLE_EQ(speeds[0].average_mph, 40);
  EXPECT_EQ(speeds[1].direction,
            std::string(1, static_cast<char>(s.direction)));
}

TEST(traffic_window_result, MostCongestedFirst) {
  const auto top =
      most_congested({window("a", 2, 40, 1), window("b", 2, 20, 2),
                      window("c", 2, 10, 2), window("d", 1, 60, 0)},
                     3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].sensor_id, "c");  // all congested, slowest
  EXPECT_EQ(top[1].sensor_id, "b");
  EXPECT_EQ(top[2].sensor_id, "a");
  EXPECT_DOUBLE_EQ(top[2].congested_share(), 0.5);
}

}  // namespace
}  // namespace traffic
