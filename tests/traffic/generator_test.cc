#include "traffic/core/generator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>

#include "traffic/core/iso8601.h"

namespace traffic {
namespace {

GeneratorConfig config_with(Scenario scenario, std::uint64_t seed = 1) {
  GeneratorConfig config;
  config.scenario = scenario;
  config.seed = seed;
  return config;
}

TEST(traffic_generator, SameSeedSameBytes) {
  Generator a(config_with(Scenario::kSensorFaults, 42));
  Generator b(config_with(Scenario::kSensorFaults, 42));
  Generator c(config_with(Scenario::kSensorFaults, 43));
  int differences = 0;
  for (int i = 0; i < 1500; ++i) {
    const GeneratedReading x = a.next();
    const GeneratedReading y = b.next();
    ASSERT_EQ(x.key, y.key);
    ASSERT_EQ(x.value, y.value);
    ASSERT_EQ(x.event_time_ms, y.event_time_ms);
    ASSERT_EQ(x.now_ms, y.now_ms);
    ASSERT_EQ(x.expected, y.expected);
    differences += c.next().value != x.value ? 1 : 0;
  }
  EXPECT_GT(differences, 1450);
}

TEST(traffic_generator, EverySensorReportsEveryFiveMinutes) {
  Generator generator(config_with(Scenario::kNormal));
  const SensorCatalog& catalog = generator.catalog();
  const std::int64_t start = generator.config().start_time_ms;
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < catalog.size(); ++i) {
      const GeneratedReading item = generator.next();
      ASSERT_EQ(item.sensor_index, i);
      // A few valid records carry the sensor id in the value only.
      ASSERT_EQ(item.key.value_or(catalog[i].id), catalog[i].id);
      const std::int64_t slot = start + round * kReadingIntervalMs;
      ASSERT_GE(item.event_time_ms, slot - 1000);  // whole-second spellings
      ASSERT_LT(item.event_time_ms, slot + 2000);
      ASSERT_GE(item.now_ms - item.event_time_ms, 20);
      ASSERT_LE(item.now_ms - item.event_time_ms, 2500);
      ASSERT_TRUE(item.expected.empty());
      ASSERT_EQ(item.truth.sensor_id, catalog[i].id);
      ASSERT_EQ(item.truth.highway, catalog[i].highway);
      ASSERT_EQ(item.truth.lane_count, catalog[i].lanes);
    }
  }
}

TEST(traffic_generator, WallOffsetFollowsTheSpeedUp) {
  GeneratorConfig config = config_with(Scenario::kNormal);
  config.speed_up = 60;  // an hour of traffic per wall minute
  Generator generator(config);
  GeneratedReading item;
  for (std::size_t i = 0; i <= 2 * kMetrLaSensorCount; ++i)
    item = generator.next();
  // Round 2 starts 10 simulated minutes in: 10 wall seconds at 60x.
  EXPECT_GE(item.wall_offset, std::chrono::seconds(10));
  EXPECT_LT(item.wall_offset, std::chrono::milliseconds(10034));
}

TEST(traffic_generator, FaultShareDefaultsByScenarioAndIsHonoured) {
  EXPECT_EQ(Generator(config_with(Scenario::kNormal)).fault_share(), 0);
  EXPECT_EQ(Generator(config_with(Scenario::kSensorFaults)).fault_share(),
            kDefaultFaultShare);
  for (double share : {0.0, 0.1, 0.5, 1.0}) {
    GeneratorConfig config = config_with(Scenario::kFreeFlow, 7);
    config.fault_share = share;
    Generator generator(config);
    int faulty = 0;
    for (int i = 0; i < 2500; ++i) {
      const GeneratedReading item = generator.next();
      faulty += item.expected.empty() ? 0 : 1;
      EXPECT_EQ(item.expected.empty(), item.fault.empty());
    }
    EXPECT_NEAR(faulty / 2500.0, share, 0.03) << share;
  }
}

TEST(traffic_generator, RejectsImpossibleConfigs) {
  GeneratorConfig config;
  config.fault_share = 1.5;
  EXPECT_THROW(Generator{config}, std::invalid_argument);
  config.fault_share = -0.1;
  EXPECT_THROW(Generator{config}, std::invalid_argument);
  config.fault_share = 0.5;
  config.speed_up = 0;
  EXPECT_THROW(Generator{config}, std::invalid_argument);
}

TEST(traffic_generator, ScenariosShapeTheTraffic) {
  const auto mean_speed = [](Scenario scenario) {
    GeneratorConfig config = config_with(scenario, 3);
    // Sunday 03:00 in Los Angeles: the clock alone would mean free flow.
    config.start_time_ms = *parse_iso8601_ms("2025-10-05T10:00:00Z");
    Generator generator(config);
    double sum = 0;
    for (std::size_t i = 0; i < kMetrLaSensorCount; ++i) {
      sum += generator.next().truth.speed_mph;
    }
    return sum / kMetrLaSensorCount;
  };
  const double free_flow = mean_speed(Scenario::kFreeFlow);
  EXPECT_GT(free_flow, 50);  // 60-68 mph less weather and noise
  EXPECT_LT(mean_speed(Scenario::kMorningRush), free_flow - 15);
  EXPECT_LT(mean_speed(Scenario::kEveningRush), free_flow - 15);
}

TEST(traffic_generator, IncidentSensorsReportUnder15Mph) {
  Generator generator(config_with(Scenario::kIncident, 11));
  const std::vector<std::size_t>& stretch =
      generator.model().incident_sensors();
  ASSERT_FALSE(stretch.empty());
  const std::set<std::size_t> affected(stretch.begin(), stretch.end());
  int slow_elsewhere = 0;
  for (std::size_t i = 0; i < 4 * kMetrLaSensorCount; ++i) {
    const GeneratedReading item = generator.next();
    if (affected.count(item.sensor_index) > 0) {
      EXPECT_LT(item.truth.speed_mph, 15);
    } else {
      slow_elsewhere += item.truth.speed_mph < 15 ? 1 : 0;
    }
  }
  EXPECT_LT(slow_elsewhere, 20);
}

TEST(traffic_generator, ValidReadingsVaryTheirSpelling) {
  Generator generator(config_with(Scenario::kNormal, 5));
  std::map<std::string, int> seen;
  for (int i = 0; i < 8000; ++i) {
    const GeneratedReading item = generator.next();
    const std::string& value = *item.value;
    if (!item.key) ++seen["no key"];
    if (value.find("\"sensor_id\"") == std::string::npos)
      ++seen["no sensor_id"];
    if (value.find("+00:00") != std::string::npos) ++seen["+00:00"];
    if (value.find("-07:00") != std::string::npos) ++seen["-07:00"];
    if (value.find('\n') != std::string::npos) ++seen["pretty"];
    if (value.find("\\u005f") != std::string::npos) ++seen["escaped keys"];
    if (value.find("\"meta\"") != std::string::npos) ++seen["unknown members"];
    if (value.find("\\u2014") != std::string::npos) ++seen["escaped unicode"];
    if (value.find("\"occupancy\"") == std::string::npos)
      ++seen["no occupancy"];
    if (value.find("\"sensor_id\":null") != std::string::npos)
      ++seen["null id"];
  }
  EXPECT_EQ(seen.size(), 10u);
  for (const auto& [variation, count] : seen) {
    EXPECT_GT(count, 10) << variation;
  }
}

}  // namespace
}  // namespace traffic
