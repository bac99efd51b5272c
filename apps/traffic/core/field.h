// The fields of a nested METR-LA reading that the parser and validator know.
//
// Every known field has a dotted input name ("traffic_data.speed_mph"), the
// key it has inside its parent object ("speed_mph"), the parent object
// (Field::kRoot for top-level fields), the JSON kind it must have, and whether
// a reading without it is invalid. Unknown fields are ignored by the parser.

#ifndef TRAFFIC_CORE_FIELD_H_
#define TRAFFIC_CORE_FIELD_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace traffic {

// A known field. kRoot stands for the top-level object itself and is never a
// field of a reading; the others are listed parents first, in output order.
enum class Field : std::uint8_t {
  kRoot,
  kSensorId,
  kTimestamp,
  kTrafficData,
  kSpeedMph,
  kVolume,
  kOccupancy,
  kLocation,
  kHighway,
  kDirection,
  kLanes,
  kLatitude,
  kLongitude,
  kWeather,
  kCondition,
  kTemperatureF,
};

// Number of Field enumerators, kRoot included.
inline constexpr std::size_t kFieldCount = 16;

// The JSON kind a field's value must have.
enum class FieldKind : std::uint8_t { kObject, kString, kNumber };

// Static description of one field.
struct FieldInfo {
  std::string_view name;  // dotted input name, e.g. "location.lanes"
  std::string_view key;   // key inside the parent object, e.g. "lanes"
  Field parent;           // kRoot for top-level fields
  FieldKind kind;
  bool required;  // absent or null makes the reading invalid
};

// Returns the array index of `field` (0 for kRoot).
constexpr std::size_t field_index(Field field) {
  return static_cast<std::size_t>(field);
}

// The description of every field, indexed by field_index().
inline constexpr std::array<FieldInfo, kFieldCount> kFieldInfos = {{
    {"", "", Field::kRoot, FieldKind::kObject, true},
    {"sensor_id", "sensor_id", Field::kRoot, FieldKind::kString, true},
    {"timestamp", "timestamp", Field::kRoot, FieldKind::kString, true},
    {"traffic_data", "traffic_data", Field::kRoot, FieldKind::kObject, true},
    {"traffic_data.speed_mph", "speed_mph", Field::kTrafficData,
     FieldKind::kNumber, true},
    {"traffic_data.volume_vehicles_per_hour", "volume_vehicles_per_hour",
     Field::kTrafficData, FieldKind::kNumber, true},
    {"traffic_data.occupancy", "occupancy", Field::kTrafficData,
     FieldKind::kNumber, false},
    {"location", "location", Field::kRoot, FieldKind::kObject, true},
    {"location.highway", "highway", Field::kLocation, FieldKind::kString, true},
    {"location.direction", "direction", Field::kLocation, FieldKind::kString,
     true},
    {"location.lanes", "lanes", Field::kLocation, FieldKind::kNumber, true},
    {"location.latitude", "latitude", Field::kLocation, FieldKind::kNumber,
     false},
    {"location.longitude", "longitude", Field::kLocation, FieldKind::kNumber,
     false},
    {"weather", "weather", Field::kRoot, FieldKind::kObject, true},
    {"weather.condition", "condition", Field::kWeather, FieldKind::kString,
     true},
    {"weather.temperature_f", "temperature_f", Field::kWeather,
     FieldKind::kNumber, false},
}};

// Returns the description of `field`. Thread-safe (static data).
constexpr const FieldInfo& field_info(Field field) {
  return kFieldInfos[field_index(field)];
}

// Returns the known child of `parent` whose key is `key` (already unescaped),
// or kRoot if there is none (always for a parent that is not an object
// field). Thread-safe.
Field find_child_field(Field parent, std::string_view key);

// Returns the field whose dotted name is `name`, or kRoot if there is none.
Field find_field_by_name(std::string_view name);

}  // namespace traffic

#endif  // TRAFFIC_CORE_FIELD_H_
