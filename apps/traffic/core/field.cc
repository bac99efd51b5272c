#include "traffic/core/field.h"

#include <span>

namespace traffic {
namespace {

constexpr std::array kRootChildren = {Field::kSensorId, Field::kTimestamp,
                                      Field::kTrafficData, Field::kLocation,
                                      Field::kWeather};
constexpr std::array kTrafficDataChildren = {Field::kSpeedMph, Field::kVolume,
                                             Field::kOccupancy};
constexpr std::array kLocationChildren = {Field::kHighway, Field::kDirection,
                                          Field::kLanes, Field::kLatitude,
                                          Field::kLongitude};
constexpr std::array kWeatherChildren = {Field::kCondition,
                                         Field::kTemperatureF};

std::span<const Field> child_fields(Field parent) {
  switch (parent) {
    case Field::kRoot: return kRootChildren;
    case Field::kTrafficData: return kTrafficDataChildren;
    case Field::kLocation: return kLocationChildren;
    case Field::kWeather: return kWeatherChildren;
    default: return {};
  }
}

}  // namespace

Field find_child_field(Field parent, std::string_view key) {
  for (const Field child : child_fields(parent)) {
    if (field_info(child).key == key) return child;
  }
  return Field::kRoot;
}

Field find_field_by_name(std::string_view name) {
  for (std::size_t i = 1; i < kFieldCount; ++i) {
    if (kFieldInfos[i].name == name) return static_cast<Field>(i);
  }
  return Field::kRoot;
}

}  // namespace traffic
