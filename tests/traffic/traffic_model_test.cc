#include "traffic/core/traffic_model.h"

#include <gtest/gtest.h>

#include "traffic/core/iso8601.h"

namespace traffic {
namespace {

// Monday 2025-10-06 in Los Angeles (UTC-7) at the given local hour.
std::int64_t monday_at(double local_hour) {
  return 1759734000000 + static_cast<std::int64_t>(local_hour * kMillisPerHour);
}

const Weather kClear{"clear", 70, 1.0};

// Mean speed and volume over all sensors at `utc_ms`.
struct Means {
  double speed = 0;
  double volume = 0;
};

Means means(const TrafficModel& model, std::int64_t utc_ms,
            const Weather& weather = kClear) {
  Random noise(1);
  Means sum;
  const std::size_t count = SensorCatalog::metr_la().size();
  for (std::size_t i = 0; i < count; ++i) {
    const TrafficConditions traffic =
        model.conditions(i, utc_ms, weather, noise);
    sum.speed += traffic.speed_mph / static_cast<double>(count);
    sum.volume += traffic.volume_vph / static_cast<double>(count);
  }
  return sum;
}

TEST(traffic_traffic_model, RushHoursAreSlowerAndBusierThanMidday) {
  const TrafficModel model(Scenario::kNormal, 1, SensorCatalog::metr_la());
  const Means night = means(model, monday_at(3));
  const Means morning = means(model, monday_at(8));
  const Means midday = means(model, monday_at(12));
  const Means evening = means(model, monday_at(17.5));
  EXPECT_LT(morning.speed, midday.speed - 15);
  EXPECT_LT(evening.speed, midday.speed - 15);
  EXPECT_GT(morning.volume, midday.volume);
  EXPECT_GT(midday.volume, night.volume * 2);
  EXPECT_GT(night.speed, 58);
}

TEST(traffic_traffic_model, MorningRushHitsSouthAndWestboundHarder) {
  const TrafficModel model(Scenario::kNormal, 1, SensorCatalog::metr_la());
  const SensorCatalog& catalog = SensorCatalog::metr_la();
  Random noise(2);
  double outbound = 0;
  double inbound = 0;
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    const double speed =
        model.conditions(i, monday_at(8), kClear, noise).speed_mph;
    const bool south_west = catalog[i].direction == Direction::kSouth ||
                            catalog[i].direction == Direction::kWest;
    (south_west ? outbound : inbound) += speed;
  }
  EXPECT_LT(outbound, inbound);
}

TEST(traffic_traffic_model, WeekendsHaveNoRushHour) {
  const TrafficModel model(Scenario::kNormal, 1, SensorCatalog::metr_la());
  const std::int64_t saturday = 5 * kMillisPerDay;
  EXPECT_GT(means(model, monday_at(8) + saturday).speed,
            means(model, monday_at(8)).speed + 15);
}

TEST(traffic_traffic_model, ScenariosOverrideTheClock) {
  const SensorCatalog& catalog = SensorCatalog::metr_la();
  const TrafficModel free_flow(Scenario::kFreeFlow, 1, catalog);
  const TrafficModel morning(Scenario::kMorningRush, 1, catalog);
  const TrafficModel evening(Scenario::kEveningRush, 1, catalog);
  const TrafficModel normal(Scenario::kNormal, 1, catalog);
  EXPECT_GT(means(free_flow, monday_at(8)).speed, 60);
  // At 03:00 on a Sunday the rush scenarios still rush.
  const std::int64_t sunday_night = monday_at(3) - kMillisPerDay;
  EXPECT_LT(means(morning, sunday_night).speed,
            means(normal, sunday_night).speed - 15);
  EXPECT_LT(means(evening, sunday_night).speed,
            means(normal, sunday_night).speed - 15);
}

TEST(traffic_traffic_model, RainSlowsTraffic) {
  const TrafficModel model(Scenario::kNormal, 1, SensorCatalog::metr_la());
  EXPECT_LT(means(model, monday_at(12), Weather{"rain", 60, 0.82}).speed,
            means(model, monday_at(12)).speed - 5);
}

TEST(traffic_traffic_model, IncidentStretchDropsBelow15Mph) {
  const SensorCatalog& catalog = SensorCatalog::metr_la();
  const TrafficModel model(Scenario::kIncident, 4, catalog);
  const std::vector<std::size_t>& stretch = model.incident_sensors();
  ASSERT_GE(stretch.size(), 2u);
  ASSERT_LE(stretch.size(), 5u);
  for (std::size_t i = 1; i < stretch.size(); ++i) {
    EXPECT_EQ(catalog[stretch[i]].highway, catalog[stretch[0]].highway);
    EXPECT_EQ(catalog[stretch[i]].direction, catalog[stretch[0]].direction);
    EXPECT_GT(catalog[stretch[i]].position, catalog[stretch[i - 1]].position);
  }
  Random noise(3);
  for (std::int64_t t = monday_at(0); t < monday_at(24); t += kMillisPerHour) {
    for (std::size_t i = 0; i < catalog.size(); ++i) {
      const double speed = model.conditions(i, t, kClear, noise).speed_mph;
      if (model.in_incident(i)) {
        EXPECT_LT(speed, kIncidentSpeedMph);
      }
    }
  }
  EXPECT_TRUE(
      TrafficModel(Scenario::kNormal, 4, catalog).incident_sensors().empty());
}

TEST(traffic_traffic_model, ValuesStayWithinTheValidatorsRanges) {
  const SensorCatalog& catalog = SensorCatalog::metr_la();
  Random noise(5);
  for (Scenario scenario : {Scenario::kNormal, Scenario::kMorningRush,
                            Scenario::kIncident, Scenario::kFreeFlow}) {
    const TrafficModel model(scenario, 9, catalog);
    for (std::int64_t t = monday_at(0); t < monday_at(48);
         t += 20 * kMillisPerMinute) {
      for (std::size_t i = 0; i < catalog.size(); i += 3) {
        const TrafficConditions traffic =
            model.conditions(i, t, Weather{"rain", 55, 0.82}, noise);
        ASSERT_GE(traffic.speed_mph, 0);
        ASSERT_LE(traffic.speed_mph, 120);
        ASSERT_GE(traffic.volume_vph, 0);
        ASSERT_LE(traffic.volume_vph, 10000);
        ASSERT_GE(traffic.occupancy, 0);
        ASSERT_LE(traffic.occupancy, 1);
        ASSERT_EQ(traffic.volume_vph,
                  static_cast<double>(static_cast<long>(traffic.volume_vph)));
      }
    }
  }
}

}  // namespace
}  // namespace traffic
