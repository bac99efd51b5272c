#include "traffic/core/weather_model.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "traffic/core/iso8601.h"
#include "traffic/core/local_time.h"

namespace traffic {
namespace {

constexpr std::int64_t kStart = 1759759200000;  // 2025-10-06T14:00:00Z

TEST(traffic_weather_model, IsDeterministicAndHoldsForSixHourBlocks) {
  const WeatherModel a(5);
  const WeatherModel b(5);
  for (std::int64_t t = kStart; t < kStart + 7 * kMillisPerDay;
       t += kMillisPerHour) {
    EXPECT_EQ(a.at(t).condition, b.at(t).condition);
    EXPECT_EQ(a.at(t).temperature_f, b.at(t).temperature_f);
  }
  // Blocks start at 00, 06, 12 and 18 UTC; within one the condition holds,
  // except that fog outside the morning shows as cloud.
  const auto normalized = [](std::string_view condition) {
    return condition == "fog" ? std::string_view("cloudy") : condition;
  };
  const std::int64_t midnight = kStart - 14 * kMillisPerHour;
  int changes = 0;
  for (std::int64_t block = midnight; block < midnight + 30 * kMillisPerDay;
       block += 6 * kMillisPerHour) {
    const std::string_view first = normalized(a.at(block).condition);
    for (int hour = 1; hour < 6; ++hour) {
      EXPECT_EQ(normalized(a.at(block + hour * kMillisPerHour).condition),
                first);
    }
    changes += normalized(a.at(block + 6 * kMillisPerHour).condition) != first;
  }
  EXPECT_GT(changes, 0);
}

TEST(traffic_weather_model, ProducesEveryConditionWithPlausibleTemperatures) {
  const WeatherModel model(1);
  std::map<std::string, int> seen;
  for (std::int64_t t = kStart; t < kStart + 400 * kMillisPerDay;
       t += 3 * kMillisPerHour) {
    const Weather weather = model.at(t);
    ++seen[std::string(weather.condition)];
    EXPECT_GT(weather.temperature_f, 40);
    EXPECT_LT(weather.temperature_f, 85);
    EXPECT_GT(weather.speed_factor, 0.8);
    EXPECT_LE(weather.speed_factor, 1.0);
    if (weather.condition == "fog") {
      const int hour = los_angeles_time(t).hour;
      EXPECT_TRUE(hour >= 4 && hour < 11) << hour;
    }
  }
  for (const char* condition :
       {"clear", "cloudy", "fog", "light_rain", "rain"}) {
    EXPECT_GT(seen[condition], 0) << condition;
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_GT(seen["clear"], seen["rain"]);
}

TEST(traffic_weather_model, AfternoonsAreWarmerThanDawn) {
  const WeatherModel model(3);
  // Same six-hour block is not guaranteed, so compare averages over a month.
  double dawn = 0;
  double afternoon = 0;
  for (int day = 0; day < 30; ++day) {
    const std::int64_t midnight_utc =
        kStart - 14 * kMillisPerHour + day * kMillisPerDay;
    dawn +=
        model.at(midnight_utc + 12 * kMillisPerHour).temperature_f;  // 05 PDT
    afternoon += model.at(midnight_utc + 22 * kMillisPerHour).temperature_f;
  }
  EXPECT_GT(afternoon, dawn + 30 * 8);
}

}  // namespace
}  // namespace traffic
