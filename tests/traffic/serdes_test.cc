#include "traffic/serdes.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace traffic {
namespace {

TEST(traffic_serdes, OptionalBytesKeepNullApartFromEmpty) {
  const auto serde = optional_bytes_serde();
  EXPECT_EQ(serde.deserialize(std::nullopt), std::nullopt);
  EXPECT_EQ(serde.deserialize(std::string_view("")), std::string());
  EXPECT_EQ(serde.deserialize(std::string_view("a\0b", 3)),
            std::string("a\0b", 3));
  std::string out;
  serde.serialize(std::string("xyz"), out);
  EXPECT_EQ(out, "xyz");
  out.clear();
  serde.serialize(std::nullopt, out);
  EXPECT_EQ(out, "");
}

TEST(traffic_serdes, FlatReadingsAreTheirJson) {
  const auto serde = flat_reading_serde();
  const std::string json =
      R"({"sensor_id":"1","timestamp":"2026-11-23T14:00:00.000Z","speed":50,"volume":900})";
  const FlatReading flat = serde.deserialize(std::string_view(json));
  EXPECT_EQ(flat.speed_mph, 50);
  std::string out;
  serde.serialize(flat, out);
  EXPECT_EQ(out, json);
  EXPECT_THROW(serde.deserialize(std::nullopt), sluice::SerdeError);
  EXPECT_THROW(serde.deserialize(std::string_view("{}")), sluice::SerdeError);
}

TEST(traffic_serdes, WindowInputsAre25LittleEndianBytes) {
  const auto serde = window_input_serde();
  const WindowInput input{31.5, 2203, 1795442401234};
  std::string bytes;
  serde.serialize(input, bytes);
  ASSERT_EQ(bytes.size(), 25u);
  EXPECT_EQ(bytes[0], 1);  // the format
  // 31.5 = 0x403F800000000000, least significant byte first.
  EXPECT_EQ(bytes.substr(1, 8), std::string("\0\0\0\0\0\x80\x3f\x40", 8));
  // 1795442401234 = 0x01A2_08B4_DFD2.
  EXPECT_EQ(bytes.substr(17, 8),
            std::string("\xd2\xdf\xb4\x08\xa2\x01\0\0", 8));
  EXPECT_EQ(serde.deserialize(std::string_view(bytes)), input);
}

TEST(traffic_serdes, WindowInputsAlsoReadTheJsonOfOlderVersions) {
  // What the repartition topic held before the binary format: the
  // flattened reading.
  const std::string json =
      R"({"sensor_id":"1","timestamp":"2026-11-23T14:00:00.000Z","speed":50,"volume":900})";
  const WindowInput input =
      window_input_serde().deserialize(std::string_view(json));
  EXPECT_EQ(input, (WindowInput{50, 900, 1795442400000}));
}

TEST(traffic_serdes, WindowInputGarbageThrows) {
  const auto serde = window_input_serde();
  std::string good;
  serde.serialize(WindowInput{1, 2, 3}, good);
  std::string wrong_format = good;
  wrong_format[0] = 2;
  std::string nan_speed;
  serde.serialize(WindowInput{std::nan(""), 2, 3}, nan_speed);
  for (const std::string& bad :
       {std::string(), good.substr(0, 24), good + "x", wrong_format, nan_speed,
        std::string("{}"), std::string("{\"speed\":1")}) {
    EXPECT_THROW(serde.deserialize(std::string_view(bad)), sluice::SerdeError)
        << bad.size() << " bytes";
  }
  EXPECT_THROW(serde.deserialize(std::nullopt), sluice::SerdeError);
}

TEST(traffic_serdes, LateReadingsAreJson) {
  const auto serde = late_reading_json_serde();
  const WindowInput input{31.6, 2203, 1795442401234};
  std::string out;
  serde.serialize(input, out);
  EXPECT_EQ(
      out,
      R"({"speed":31.6,"volume":2203,"timestamp":"2026-11-23T14:00:01.234Z"})");
  EXPECT_EQ(serde.deserialize(std::string_view(out)), input);
  EXPECT_THROW(serde.deserialize(std::nullopt), sluice::SerdeError);
  EXPECT_THROW(serde.deserialize(std::string_view("[]")), sluice::SerdeError);
}

TEST(traffic_serdes, WindowAggregatesRoundTripAndGarbageThrows) {
  const auto serde = window_aggregate_serde();
  WindowAggregate a(40);
  Reading r;
  r.speed_mph = 20;
  r.volume_vph = 100;
  r.event_time_ms = 5;
  a.add(r);
  std::string bytes;
  serde.serialize(a, bytes);
  EXPECT_EQ(serde.deserialize(std::string_view(bytes)), a);
  EXPECT_THROW(serde.deserialize(std::nullopt), sluice::SerdeError);
  EXPECT_THROW(serde.deserialize(std::string_view("junk")), sluice::SerdeError);
}

}  // namespace
}  // namespace traffic
