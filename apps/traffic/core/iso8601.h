// UTC calendar arithmetic and ISO-8601 timestamps in epoch milliseconds.

#ifndef TRAFFIC_CORE_ISO8601_H_
#define TRAFFIC_CORE_ISO8601_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace traffic {

// Length of "YYYY-MM-DDTHH:MM:SS.mmmZ".
inline constexpr std::size_t kIso8601Length = 24;

inline constexpr std::int64_t kMillisPerSecond = 1000;
inline constexpr std::int64_t kMillisPerMinute = 60 * kMillisPerSecond;
inline constexpr std::int64_t kMillisPerHour = 60 * kMillisPerMinute;
inline constexpr std::int64_t kMillisPerDay = 24 * kMillisPerHour;

// A broken-down UTC time (proleptic Gregorian calendar).
struct CivilTime {
  int year = 1970;
  int month = 1;        // 1..12
  int day = 1;          // 1..31
  int hour = 0;         // 0..23
  int minute = 0;       // 0..59
  int second = 0;       // 0..59
  int millisecond = 0;  // 0..999
  int weekday = 4;      // 0 = Sunday .. 6 = Saturday

  friend bool operator==(const CivilTime&, const CivilTime&) = default;
};

// Returns the number of days from 1970-01-01 to the given date.
// REQUIRES: month in 1..12, day in 1..31.
std::int64_t days_from_civil(int year, int month, int day);

// Breaks `epoch_ms` (UTC milliseconds since 1970) into calendar fields.
CivilTime civil_from_epoch_ms(std::int64_t epoch_ms);

// Returns the epoch milliseconds of the calendar fields (weekday ignored).
std::int64_t epoch_ms_from_civil(const CivilTime& time);

// Parses an ISO-8601 / RFC 3339 timestamp into UTC epoch milliseconds.
// Accepted: "YYYY-MM-DDTHH:MM:SS", then optionally '.' and 1-9 fraction
// digits (truncated, not rounded, to milliseconds), then 'Z' or a "+HH:MM" /
// "-HH:MM" offset (HH 00-23, MM 00-59), which is subtracted to get UTC.
// 'T' and 'Z' are upper case; the date must exist (leap years honoured);
// hours 00-23, minutes and seconds 00-59 (no leap second). Anything else,
// including surrounding whitespace, yields nullopt. Thread-safe.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view text);

// Writes `epoch_ms` as "YYYY-MM-DDTHH:MM:SS.mmmZ" into out[0..24). Times
// outside years 0000..9999 are clamped to that range. Thread-safe.
void format_iso8601_ms(std::int64_t epoch_ms, char* out);

// Returns format_iso8601_ms() as a string.
std::string format_iso8601_ms(std::int64_t epoch_ms);

}  // namespace traffic

#endif  // TRAFFIC_CORE_ISO8601_H_
