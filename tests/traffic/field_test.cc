#include "traffic/core/field.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace traffic {
namespace {

TEST(traffic_field, DottedNamesJoinParentAndKey) {
  for (std::size_t i = 1; i < kFieldCount; ++i) {
    const FieldInfo& info = field_info(static_cast<Field>(i));
    const std::string expected =
        info.parent == Field::kRoot
            ? std::string(info.key)
            : std::string(field_info(info.parent).name) + "." +
                  std::string(info.key);
    EXPECT_EQ(info.name, expected);
    // Parents are objects listed before their children.
    EXPECT_EQ(field_info(info.parent).kind, FieldKind::kObject);
    EXPECT_LT(field_index(info.parent), i);
  }
}

TEST(traffic_field, FindsChildrenByKeyWithinTheirParentOnly) {
  EXPECT_EQ(find_child_field(Field::kRoot, "sensor_id"), Field::kSensorId);
  EXPECT_EQ(find_child_field(Field::kTrafficData, "speed_mph"),
            Field::kSpeedMph);
  EXPECT_EQ(find_child_field(Field::kLocation, "lanes"), Field::kLanes);
  EXPECT_EQ(find_child_field(Field::kWeather, "temperature_f"),
            Field::kTemperatureF);
  EXPECT_EQ(find_child_field(Field::kRoot, "speed_mph"), Field::kRoot);
  EXPECT_EQ(find_child_field(Field::kLocation, "sensor_id"), Field::kRoot);
  EXPECT_EQ(find_child_field(Field::kSpeedMph, "speed_mph"), Field::kRoot);
  EXPECT_EQ(find_child_field(Field::kRoot, "Sensor_id"), Field::kRoot);
  EXPECT_EQ(find_child_field(Field::kRoot, ""), Field::kRoot);
}

TEST(traffic_field, FindsFieldsByDottedName) {
  std::set<Field> found;
  for (std::size_t i = 1; i < kFieldCount; ++i) {
    const auto field = static_cast<Field>(i);
    EXPECT_EQ(find_field_by_name(field_info(field).name), field);
    found.insert(field);
  }
  EXPECT_EQ(found.size(), kFieldCount - 1);
  EXPECT_EQ(find_field_by_name("speed_mph"), Field::kRoot);
  EXPECT_EQ(find_field_by_name(""), Field::kRoot);
}

TEST(traffic_field, OptionalFieldsAreTheFourExtras) {
  std::set<std::string> optional;
  for (std::size_t i = 1; i < kFieldCount; ++i) {
    const FieldInfo& info = field_info(static_cast<Field>(i));
    if (!info.required) optional.insert(std::string(info.name));
  }
  EXPECT_EQ(optional, (std::set<std::string>{
                          "traffic_data.occupancy", "location.latitude",
                          "location.longitude", "weather.temperature_f"}));
}

}  // namespace
}  // namespace traffic
