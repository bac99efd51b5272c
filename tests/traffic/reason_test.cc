#include "traffic/core/reason.h"

#include <gtest/gtest.h>

namespace traffic {
namespace {

TEST(traffic_reason, CodesNameTheKindAndDottedField) {
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

TEST(traffic_reason, EveryCodeParsesBackToItsReason) {
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

TEST(traffic_reason, RejectsUnknownOrIllFormedCodes) {
  EXPECT_FALSE(parse_reason_code("speeding"));
  EXPECT_FALSE(parse_reason_code("missing_field"));
  EXPECT_FALSE(parse_reason_code("missing_field:"));
  EXPECT_FALSE(parse_reason_code("missing_field:speed_mph"));
  EXPECT_FALSE(parse_reason_code("too_large:sensor_id"));
}

TEST(traffic_reason, ExclusiveKindsAreTheWholeValueOnes) {
  EXPECT_TRUE(is_exclusive(ReasonKind::kMalformedJson));
  EXPECT_TRUE(is_exclusive(ReasonKind::kEmptyValue));
  EXPECT_TRUE(is_exclusive(ReasonKind::kTooLarge));
  EXPECT_FALSE(is_exclusive(ReasonKind::kSpeedOutOfRange));
  EXPECT_FALSE(is_exclusive(ReasonKind::kMissingField));
}

}  // namespace
}  // namespace traffic
