#include "traffic/core/reading_writer.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "test_readings.h"

namespace traffic {
namespace {

using testing::full_reading;
using testing::kSeedExampleMs;
using testing::seed_example_reading;

TEST(traffic_reading_writer, WritesThePredecessorShapeByteForByte) {
  std::string out;
  write_reading_json(seed_example_reading(), {kSeedExampleMs}, &out);
  EXPECT_EQ(out,
            R"({"sensor_id":"773869","timestamp":"2025-10-05T07:42:00.000Z",)"
            R"("speed":31.6,"volume":2203,"highway":"I-10","direction":"E",)"
            R"("lane_count":5,"weather_conditions":"cloudy",)"
            R"("processed_at":"2025-10-05T07:42:44.651Z",)"
            R"("processor_id":"stream-processor-client",)"
            R"("validation_status":"valid"})");
}

TEST(traffic_reading_writer, AppendsPresentOptionalFieldsInFixedOrder) {
  std::string out;
  write_reading_json(full_reading(), {kSeedExampleMs, "proc-7"}, &out);
  EXPECT_EQ(out,
            R"({"sensor_id":"773869","timestamp":"2025-10-05T07:42:00.000Z",)"
            R"("speed":31.6,"volume":2203,"highway":"I-10","direction":"E",)"
            R"("lane_count":5,"weather_conditions":"cloudy",)"
            R"("processed_at":"2025-10-05T07:42:44.651Z",)"
            R"("processor_id":"proc-7","validation_status":"valid",)"
            R"("occupancy":0.127,"latitude":34.0407,"longitude":-118.2468,)"
            R"("temperature_f":68.5})");
  Reading partial = seed_example_reading();
  partial.temperature_f = -3.25;
  write_reading_json(partial, {kSeedExampleMs}, &out);
  EXPECT_NE(out.find(R"("validation_status":"valid","temperature_f":-3.25})"),
            std::string::npos)
      << out;
}

TEST(traffic_reading_writer, EscapesStringsAndKeepsUnicode) {
  Reading reading = seed_example_reading();
  reading.sensor_id = std::string("a\"b\\c\0d", 7);
  reading.highway = "I-10 \xe2\x80\x94 Santa Monica";
  reading.weather_condition = "rain\n\t\x1f";
  std::string out;
  write_reading_json(reading, {kSeedExampleMs}, &out);
  EXPECT_NE(out.find(R"("sensor_id":"a\"b\\c\u0000d")"), std::string::npos)
      << out;
  EXPECT_NE(out.find("\"highway\":\"I-10 \xe2\x80\x94 Santa Monica\""),
            std::string::npos);
  EXPECT_NE(out.find(R"("weather_conditions":"rain\n\t\u001f")"),
            std::string::npos);
}

TEST(traffic_reading_writer, NumbersUseTheShortestRoundTripForm) {
  Reading reading = seed_example_reading();
  reading.speed_mph = -0.0;
  reading.volume_vph = 2203.5;
  reading.lane_count = 2147483647;
  reading.occupancy = 0.1 + 0.2;
  std::string out;
  write_reading_json(reading, {kSeedExampleMs}, &out);
  EXPECT_NE(out.find(R"("speed":0,"volume":2203.5,)"), std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("lane_count":2147483647,)"), std::string::npos);
  EXPECT_NE(out.find(R"("occupancy":0.30000000000000004})"), std::string::npos);
}

TEST(traffic_reading_writer, NonFiniteNumbersStayValidJson) {
  Reading reading = seed_example_reading();
  reading.speed_mph = std::numeric_limits<double>::quiet_NaN();
  reading.latitude = std::numeric_limits<double>::infinity();
  std::string out;
  write_reading_json(reading, {kSeedExampleMs}, &out);
  EXPECT_NE(out.find(R"("speed":null,)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("latitude":null})"), std::string::npos) << out;
}

TEST(traffic_reading_writer, LongStringsGetRoom) {
  std::string base;
  write_reading_json(seed_example_reading(), {kSeedExampleMs, ""}, &base);
  Reading reading = seed_example_reading();
  reading.highway = std::string(70000, '\x02');  // each becomes \u0002
  const std::string quotes(500, '"');            // each becomes \"
  std::string out;
  write_reading_json(reading, {kSeedExampleMs, quotes}, &out);
  EXPECT_EQ(out.size(), base.size() - 4 + 70000 * 6 + 500 * 2);
  EXPECT_EQ(out.back(), '}');
}

TEST(traffic_reading_writer, ReplacesPreviousContents) {
  std::string out = "stale contents that are longer than nothing";
  write_reading_json(seed_example_reading(), {0}, &out);
  EXPECT_EQ(out.front(), '{');
  EXPECT_EQ(out.back(), '}');
  EXPECT_NE(out.find(R"("processed_at":"1970-01-01T00:00:00.000Z")"),
            std::string::npos);
}

}  // namespace
}  // namespace traffic
