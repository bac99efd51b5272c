#include "traffic/core/iso8601.h"

#include <gtest/gtest.h>

#include <string>

namespace traffic {
namespace {

// 2025-10-05T07:42:44.651Z
constexpr std::int64_t kSeedExampleMs = 1759650164651;

TEST(traffic_iso8601, ParsesTheAcceptedSpellings) {
  EXPECT_EQ(parse_iso8601_ms("2025-10-05T07:42:44.651Z"), kSeedExampleMs);
  EXPECT_EQ(parse_iso8601_ms("2025-10-05T07:42:44Z"), kSeedExampleMs - 651);
  EXPECT_EQ(parse_iso8601_ms("2025-10-05T07:42:44.651+00:00"), kSeedExampleMs);
  EXPECT_EQ(parse_iso8601_ms("2025-10-05T07:42:44.651-00:00"), kSeedExampleMs);
  EXPECT_EQ(parse_iso8601_ms("2025-10-05T00:42:44.651-07:00"), kSeedExampleMs);
  EXPECT_EQ(parse_iso8601_ms("2025-10-05T09:12:44.651+01:30"), kSeedExampleMs);
  EXPECT_EQ(parse_iso8601_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601_ms("1969-12-31T23:59:59.999Z"), -1);
}

TEST(traffic_iso8601, TruncatesFractionsToMilliseconds) {
  EXPECT_EQ(parse_iso8601_ms("2025-10-05T07:42:44.6Z"), kSeedExampleMs - 51);
  EXPECT_EQ(parse_iso8601_ms("2025-10-05T07:42:44.65Z"), kSeedExampleMs - 1);
  EXPECT_EQ(parse_iso8601_ms("2025-10-05T07:42:44.651999Z"), kSeedExampleMs);
  EXPECT_EQ(parse_iso8601_ms("2025-10-05T07:42:44.651999999Z"), kSeedExampleMs);
}

TEST(traffic_iso8601, HonoursLeapYears) {
  EXPECT_TRUE(parse_iso8601_ms("2024-02-29T00:00:00Z"));
  EXPECT_TRUE(parse_iso8601_ms("2000-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601_ms("2025-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601_ms("1900-02-29T00:00:00Z"));
}

TEST(traffic_iso8601, RejectsEverythingElse) {
  for (const char* text : {"",
                           "yesterday",
                           "2025-10-05",
                           "2025-10-05T07:42:44",
                           "2025-10-05 07:42:44Z",
                           "2025-10-05t07:42:44Z",
                           "2025-10-05T07:42:44z",
                           "2025-13-01T00:00:00Z",
                           "2025-00-01T00:00:00Z",
                           "2025-04-31T00:00:00Z",
                           "2025-10-00T00:00:00Z",
                           "2025-10-05T24:00:00Z",
                           "2025-10-05T07:60:00Z",
                           "2025-10-05T07:42:60Z",
                           "2025-10-05T07:42:44.Z",
                           "2025-10-05T07:42:44.1234567890Z",
                           "2025-10-05T07:42:44+0000",
                           "2025-10-05T07:42:44+24:00",
                           "2025-10-05T07:42:44+00:60",
                           "2025-10-05T07:42:44+00",
                           " 2025-10-05T07:42:44Z",
                           "2025-10-05T07:42:44Z ",
                           "2025-10-05T07:42:44ZZ",
                           "25-10-05T07:42:44Z",
                           "+2025-10-05T07:42:44Z",
                           "2025-1-05T07:42:44Z",
                           "1759650164651"}) {
    EXPECT_FALSE(parse_iso8601_ms(text)) << text;
  }
}

TEST(traffic_iso8601, FormatsWithMilliseconds) {
  EXPECT_EQ(format_iso8601_ms(kSeedExampleMs), "2025-10-05T07:42:44.651Z");
  EXPECT_EQ(format_iso8601_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601_ms(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso8601_ms(951782400000), "2000-02-29T00:00:00.000Z");
}

TEST(traffic_iso8601, ClampsTimesOutsideFourDigitYears) {
  EXPECT_EQ(format_iso8601_ms(INT64_MAX), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso8601_ms(INT64_MIN), "0000-01-01T00:00:00.000Z");
}

TEST(traffic_iso8601, FormatAndParseRoundTrip) {
  for (std::int64_t ms = -86'400'000'000; ms < 4'000'000'000'000;
       ms += 7'777'777'777) {
    EXPECT_EQ(parse_iso8601_ms(format_iso8601_ms(ms)), ms);
  }
}

TEST(traffic_iso8601, BreaksTimesIntoCivilFields) {
  const CivilTime time = civil_from_epoch_ms(kSeedExampleMs);
  EXPECT_EQ(time.year, 2025);
  EXPECT_EQ(time.month, 10);
  EXPECT_EQ(time.day, 5);
  EXPECT_EQ(time.hour, 7);
  EXPECT_EQ(time.minute, 42);
  EXPECT_EQ(time.second, 44);
  EXPECT_EQ(time.millisecond, 651);
  EXPECT_EQ(time.weekday, 0);                    // a Sunday
  EXPECT_EQ(civil_from_epoch_ms(0).weekday, 4);  // a Thursday
  EXPECT_EQ(civil_from_epoch_ms(-1).weekday, 3);
  EXPECT_EQ(epoch_ms_from_civil(time), kSeedExampleMs);
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
}

}  // namespace
}  // namespace traffic
