#include "traffic/core/window_result_writer.h"

#include <gtest/gtest.h>

#include <string>

#include "test_readings.h"
#include "traffic/core/iso8601.h"

namespace traffic {
namespace {

constexpr std::int64_t kWindowStart = 1759650000000;  // 2025-10-05T07:40:00Z

Reading at(double speed, double volume, std::int64_t offset_ms) {
  Reading reading = testing::seed_example_reading();
  reading.speed_mph = speed;
  reading.volume_vph = volume;
  reading.event_time_ms = kWindowStart + offset_ms;
  return reading;
}

TEST(traffic_window_result_writer, WritesEveryStatistic) {
  WindowAggregate aggregate;
  aggregate.add(at(31.6, 2203, 1000));
  aggregate.add(at(60.4, 1797, 299000));
  std::string out;
  write_window_result_json("773869", {kWindowStart, kWindowStart + 300000},
                           aggregate, &out);
  EXPECT_EQ(
      out, R"({"sensor_id":"773869","window_start":"2025-10-05T07:40:00.000Z",)"
           R"("window_end":"2025-10-05T07:45:00.000Z","count":2,)"
           R"("min_speed_mph":31.6,"avg_speed_mph":46,"max_speed_mph":60.4,)"
           R"("total_volume":4000,"avg_volume":2000,"congested_count":1,)"
           R"("congested_share":0.5,"congestion_threshold_mph":35,)"
           R"("first_event_time":"2025-10-05T07:40:01.000Z",)"
           R"("last_event_time":"2025-10-05T07:44:59.000Z"})");
}

TEST(traffic_window_result_writer, EmptyWindowHasNullStatistics) {
  std::string out = "old";
  write_window_result_json("a\"b", {0, 60000}, WindowAggregate(40), &out);
  EXPECT_EQ(out,
            R"({"sensor_id":"a\"b","window_start":"1970-01-01T00:00:00.000Z",)"
            R"("window_end":"1970-01-01T00:01:00.000Z","count":0,)"
            R"("min_speed_mph":null,"avg_speed_mph":null,"max_speed_mph":null,)"
            R"("total_volume":0,"avg_volume":null,"congested_count":0,)"
            R"("congested_share":null,"congestion_threshold_mph":40,)"
            R"("first_event_time":null,"last_event_time":null})");
}

}  // namespace
}  // namespace traffic
