// Scenario: what the reading generator simulates.

#ifndef TRAFFIC_CORE_SCENARIO_H_
#define TRAFFIC_CORE_SCENARIO_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace traffic {

// A simulation scenario (the CLI's --scenario values are the names below).
enum class Scenario : std::uint8_t {
  kNormal,        // "normal": the clock drives rush hours (LA local time)
  kFreeFlow,      // "free_flow": no congestion anywhere, all day
  kMorningRush,   // "morning_rush": weekday 08:00 conditions throughout
  kEveningRush,   // "evening_rush": weekday 17:30 conditions throughout
  kIncident,      // "incident": normal, plus one stretch of one highway
                  // direction below 15 mph
  kSensorFaults,  // "sensor_faults": normal, plus a share of faulty
                  // readings (30% unless configured)
};

// Returns the scenario's name, e.g. "morning_rush".
std::string_view scenario_name(Scenario scenario);

// Parses a scenario name; nullopt if unknown.
std::optional<Scenario> parse_scenario(std::string_view name);

}  // namespace traffic

#endif  // TRAFFIC_CORE_SCENARIO_H_
