#include "traffic/core/local_time.h"

namespace traffic {
namespace {

constexpr std::int64_t kStandardOffsetMs = -8 * kMillisPerHour;
constexpr std::int64_t kDaylightOffsetMs = -7 * kMillisPerHour;

// Day of month of the n-th (1-based) Sunday of year/month.
int nth_sunday(int year, int month, int n) {
  const std::int64_t first = days_from_civil(year, month, 1);
  // 1970-01-01 (day 0) was a Thursday: weekday = (days + 4) mod 7.
  const int weekday = static_cast<int>(((first + 4) % 7 + 7) % 7);
  const int first_sunday = 1 + (7 - weekday) % 7;
  return first_sunday + 7 * (n - 1);
}

}  // namespace

std::int64_t los_angeles_offset_ms(std::int64_t utc_ms) {
  const int year = civil_from_epoch_ms(utc_ms).year;
  // 02:00 local standard time = 10:00 UTC; 02:00 local daylight = 09:00 UTC.
  const std::int64_t start =
      days_from_civil(year, 3, nth_sunday(year, 3, 2)) * kMillisPerDay +
      10 * kMillisPerHour;
  const std::int64_t end =
      days_from_civil(year, 11, nth_sunday(year, 11, 1)) * kMillisPerDay +
      9 * kMillisPerHour;
  return utc_ms >= start && utc_ms < end ? kDaylightOffsetMs
                                         : kStandardOffsetMs;
}

CivilTime los_angeles_time(std::int64_t utc_ms) {
  return civil_from_epoch_ms(utc_ms + los_angeles_offset_ms(utc_ms));
}

}  // namespace traffic
