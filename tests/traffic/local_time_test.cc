#include "traffic/core/local_time.h"

#include <gtest/gtest.h>

namespace traffic {
namespace {

std::int64_t utc(const char* text) { return *parse_iso8601_ms(text); }

TEST(traffic_local_time, FollowsUsDaylightSavingRules) {
  constexpr std::int64_t kPdt = -7 * kMillisPerHour;
  constexpr std::int64_t kPst = -8 * kMillisPerHour;
  EXPECT_EQ(los_angeles_offset_ms(utc("2025-01-15T12:00:00Z")), kPst);
  EXPECT_EQ(los_angeles_offset_ms(utc("2025-07-15T12:00:00Z")), kPdt);
  // 2025: DST from Sunday March 9 02:00 PST to Sunday November 2 02:00 PDT.
  EXPECT_EQ(los_angeles_offset_ms(utc("2025-03-09T09:59:59.999Z")), kPst);
  EXPECT_EQ(los_angeles_offset_ms(utc("2025-03-09T10:00:00Z")), kPdt);
  EXPECT_EQ(los_angeles_offset_ms(utc("2025-11-02T08:59:59.999Z")), kPdt);
  EXPECT_EQ(los_angeles_offset_ms(utc("2025-11-02T09:00:00Z")), kPst);
  // 2024: March 10 and November 3.
  EXPECT_EQ(los_angeles_offset_ms(utc("2024-03-10T10:00:00Z")), kPdt);
  EXPECT_EQ(los_angeles_offset_ms(utc("2024-11-03T09:00:00Z")), kPst);
}

TEST(traffic_local_time, GivesTheWallClock) {
  const CivilTime local = los_angeles_time(utc("2025-10-06T14:30:00Z"));
  EXPECT_EQ(local.year, 2025);
  EXPECT_EQ(local.month, 10);
  EXPECT_EQ(local.day, 6);
  EXPECT_EQ(local.hour, 7);
  EXPECT_EQ(local.minute, 30);
  EXPECT_EQ(local.weekday, 1);  // Monday
  EXPECT_EQ(los_angeles_time(utc("2025-10-06T03:00:00Z")).weekday, 0);
}

}  // namespace
}  // namespace traffic
