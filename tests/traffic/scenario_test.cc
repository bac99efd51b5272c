#include "traffic/core/scenario.h"

#include <gtest/gtest.h>

namespace traffic {
namespace {

TEST(traffic_scenario, NamesRoundTrip) {
  for (const char* name : {"normal", "free_flow", "morning_rush",
                           "evening_rush", "incident", "sensor_faults"}) {
    const std::optional<Scenario> scenario = parse_scenario(name);
    ASSERT_TRUE(scenario) << name;
    EXPECT_EQ(scenario_name(*scenario), name);
  }
  EXPECT_EQ(parse_scenario("morning_rush"), Scenario::kMorningRush);
  EXPECT_FALSE(parse_scenario("Morning_Rush"));
  EXPECT_FALSE(parse_scenario(""));
}

}  // namespace
}  // namespace traffic
