#include "traffic/core/reason_set.h"

#include <gtest/gtest.h>

namespace traffic {
namespace {

TEST(traffic_reason_set, FromCodesRejectsUnknownCodes) {
  EXPECT_FALSE(ReasonSet::from_codes({"empty_value", "nope"}));
  EXPECT_EQ(ReasonSet::from_codes({}), ReasonSet());
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

}  // namespace
}  // namespace traffic
