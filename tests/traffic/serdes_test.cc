#include "traffic/serdes.h"

#include <gtest/gtest.h>

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
