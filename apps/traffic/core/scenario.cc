#include "traffic/core/scenario.h"

#include <array>
#include <cstddef>

namespace traffic {
namespace {

constexpr std::array<std::string_view, 6> kNames = {
    "normal",       "free_flow", "morning_rush",
    "evening_rush", "incident",  "sensor_faults",
};

}  // namespace

std::string_view scenario_name(Scenario scenario) {
  return kNames[static_cast<std::size_t>(scenario)];
}

std::optional<Scenario> parse_scenario(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Scenario>(i);
  }
  return std::nullopt;
}

}  // namespace traffic
