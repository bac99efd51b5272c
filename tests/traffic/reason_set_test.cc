#include "traffic/core/reason_set.h"

#include <gtest/gtest.h>

namespace traffic {
namespace {

TEST(traffic_reason_set, CodesNameTheKindAndDottedField) {
  EXPECT_EQ(reason_code({ReasonKind::kMalformedJson, Field::kRoot}),
            "malformed_json");
  EXPECT_EQ(reason_code({ReasonKind::kMissingField, Field::kSpeedMph}),
            "missing_field:traffic_data.speed_mph");
  EXPECT_EQ(reason_code({ReasonKind::kWrongType, Field::kLanes}),
            "wrong_type:location.lanes");
  EXPECT_EQ(reason_code({ReasonKind::kDuplicateField, Field::kSensorId}),
            "duplicate_field:sensor_id");
  EXPECT_EQ(reason_code({ReasonKind::kNonFinite, Field::kTemperatureF}),
            "non_finite:weather.temperature_f");
}

TEST(traffic_reason_set, EveryCodeParsesBackToItsReason) {
  for (std::size_t k = 0; k < kReasonKindCount; ++k) {
    const auto kind = static_cast<ReasonKind>(k);
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      const auto field = static_cast<Field>(f);
      if (is_field_scoped(kind) != (field != Field::kRoot)) continue;
      const Reason reason{kind, field};
      EXPECT_EQ(parse_reason_code(reason_code(reason)), reason)
          << reason_code(reason);
    }
  }
}

TEST(traffic_reason_set, RejectsUnknownOrIllFormedCodes) {
  EXPECT_FALSE(parse_reason_code("speeding"));
  EXPECT_FALSE(parse_reason_code("missing_field"));
  EXPECT_FALSE(parse_reason_code("missing_field:"));
  EXPECT_FALSE(parse_reason_code("missing_field:speed_mph"));
  EXPECT_FALSE(parse_reason_code("too_large:sensor_id"));
  EXPECT_FALSE(ReasonSet::from_codes({"empty_value", "nope"}));
}

TEST(traffic_reason_set, IsASetWithStableOrder) {
  ReasonSet set;
  EXPECT_TRUE(set.empty());
  set.add({ReasonKind::kWrongType, Field::kLanes});
  set.add({ReasonKind::kSpeedOutOfRange, Field::kRoot});
  set.add({ReasonKind::kMissingField, Field::kTimestamp});
  set.add({ReasonKind::kSpeedOutOfRange, Field::kRoot});
  EXPECT_EQ(set.size(), 3u);
  EXPECT_TRUE(set.contains({ReasonKind::kWrongType, Field::kLanes}));
  EXPECT_FALSE(set.contains({ReasonKind::kWrongType, Field::kHighway}));
  EXPECT_EQ(set.to_string(),
            "speed_out_of_range,missing_field:timestamp,"
            "wrong_type:location.lanes");
  const std::optional<ReasonSet> parsed = ReasonSet::from_codes(set.codes());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, set);
  set.clear();
  EXPECT_TRUE(set.empty());
  EXPECT_EQ(set.to_string(), "");
}

TEST(traffic_reason_set, ExclusiveKindsAreTheWholeValueOnes) {
  EXPECT_TRUE(is_exclusive(ReasonKind::kMalformedJson));
  EXPECT_TRUE(is_exclusive(ReasonKind::kEmptyValue));
  EXPECT_TRUE(is_exclusive(ReasonKind::kTooLarge));
  EXPECT_FALSE(is_exclusive(ReasonKind::kSpeedOutOfRange));
  EXPECT_FALSE(is_exclusive(ReasonKind::kMissingField));
}

}  // namespace
}  // namespace traffic
