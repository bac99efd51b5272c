#include "traffic/core/sensor_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace traffic {
namespace {

TEST(traffic_sensor_catalog, Has207UniqueSixDigitIds) {
  const SensorCatalog& catalog = SensorCatalog::metr_la();
  ASSERT_EQ(catalog.size(), kMetrLaSensorCount);
  ASSERT_EQ(kMetrLaSensorCount, 207u);
  std::set<std::string> ids;
  for (const Sensor& sensor : catalog.sensors()) {
    ASSERT_EQ(sensor.id.size(), 6u) << sensor.id;
    EXPECT_TRUE(std::all_of(sensor.id.begin(), sensor.id.end(),
                            [](char c) { return c >= '0' && c <= '9'; }));
    EXPECT_NE(sensor.id[0], '0');
    ids.insert(sensor.id);
  }
  EXPECT_EQ(ids.size(), 207u);
}

TEST(traffic_sensor_catalog, IsTheSameEveryTime) {
  const SensorCatalog again;
  const SensorCatalog& shared = SensorCatalog::metr_la();
  ASSERT_EQ(again.size(), shared.size());
  for (std::size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i].id, shared[i].id);
    EXPECT_EQ(again[i].lanes, shared[i].lanes);
    EXPECT_EQ(again[i].latitude, shared[i].latitude);
  }
  // Pinned: the layout is the simulated world's identity across releases.
  EXPECT_EQ(shared[0].highway, "I-5");
  EXPECT_EQ(shared[0].id, "740973");
  EXPECT_EQ(shared[0].lanes, 6);
  EXPECT_EQ(shared[0].latitude, 33.93655);
  EXPECT_EQ(shared[0].longitude, -118.098334);
  EXPECT_EQ(shared[1].id, "736435");
  EXPECT_EQ(shared[206].id, "774724");
}

TEST(traffic_sensor_catalog, SensorsArePlausibleLosAngelesDetectors) {
  const std::set<std::string> north_south = {
      "I-5", "I-110", "I-405", "I-605", "I-710", "US-101", "SR-2", "SR-170"};
  std::map<std::string, int> per_highway;
  for (const Sensor& sensor : SensorCatalog::metr_la().sensors()) {
    ++per_highway[sensor.highway];
    EXPECT_GE(sensor.lanes, 2);
    EXPECT_LE(sensor.lanes, 6);
    EXPECT_GT(sensor.latitude, 33.7);
    EXPECT_LT(sensor.latitude, 34.4);
    EXPECT_GT(sensor.longitude, -118.7);
    EXPECT_LT(sensor.longitude, -117.9);
    const bool ns = north_south.count(sensor.highway) > 0;
    const bool ns_direction = sensor.direction == Direction::kNorth ||
                              sensor.direction == Direction::kSouth;
    EXPECT_EQ(ns, ns_direction) << sensor.highway;
    EXPECT_GE(sensor.position, 0.0);
    EXPECT_LE(sensor.position, 1.0);
  }
  EXPECT_EQ(per_highway.size(), 12u);
  for (const char* highway : {"I-5", "I-10", "I-105", "I-110", "I-405", "I-605",
                              "I-710", "US-101", "SR-2", "SR-134", "SR-170"}) {
    EXPECT_GT(per_highway[highway], 0) << highway;
  }
  EXPECT_EQ(SensorCatalog::metr_la().highways().size(), 12u);
}

TEST(traffic_sensor_catalog, FindsSensorsById) {
  const SensorCatalog& catalog = SensorCatalog::metr_la();
  const Sensor& some = catalog[100];
  EXPECT_EQ(catalog.find(some.id), &catalog[100]);
  EXPECT_EQ(catalog.find("000000"), nullptr);
}

}  // namespace
}  // namespace traffic
