#include "traffic/core/iso8601.h"

#include <algorithm>

namespace traffic {
namespace {

// Epoch milliseconds of 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z.
constexpr std::int64_t kMinFormattableMs = -62167219200000;
constexpr std::int64_t kMaxFormattableMs = 253402300799999;

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Floor division and modulo for negative epoch values.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Reads exactly `count` digits at text[pos..]; advances pos. -1 on failure.
int read_digits(std::string_view text, std::size_t& pos, int count) {
  if (text.size() - pos < static_cast<std::size_t>(count)) return -1;
  int value = 0;
  for (int i = 0; i < count; ++i) {
    const char c = text[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(count);
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// Parses the optional fraction at text[pos..] into milliseconds.
std::optional<int> read_fraction_ms(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '.') return 0;
  ++pos;
  int millis = 0;
  int digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (digits < 3) millis = millis * 10 + (text[pos] - '0');
    ++digits;
    ++pos;
  }
  if (digits == 0 || digits > 9) return std::nullopt;
  for (int i = digits; i < 3; ++i) millis *= 10;
  return millis;
}

// Parses "Z" or "+HH:MM"/"-HH:MM" ending the text; returns the offset in ms.
std::optional<std::int64_t> read_offset_ms(std::string_view text,
                                           std::size_t pos) {
  if (pos + 1 == text.size() && text[pos] == 'Z') return 0;
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
    return std::nullopt;
  }
  const std::int64_t sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  const int hours = read_digits(text, pos, 2);
  if (hours < 0 || hours > 23 || !expect(text, pos, ':')) return std::nullopt;
  const int minutes = read_digits(text, pos, 2);
  if (minutes < 0 || minutes > 59 || pos != text.size()) return std::nullopt;
  return sign * (hours * kMillisPerHour + minutes * kMillisPerMinute);
}

void write_digits(char* out, int value, int count) {
  for (int i = count - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) {
  // Howard Hinnant's days_from_civil.
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime civil_from_epoch_ms(std::int64_t epoch_ms) {
  const std::int64_t days = floor_div(epoch_ms, kMillisPerDay);
  std::int64_t rest = epoch_ms - days * kMillisPerDay;
  CivilTime time;
  time.hour = static_cast<int>(rest / kMillisPerHour);
  rest %= kMillisPerHour;
  time.minute = static_cast<int>(rest / kMillisPerMinute);
  rest %= kMillisPerMinute;
  time.second = static_cast<int>(rest / kMillisPerSecond);
  time.millisecond = static_cast<int>(rest % kMillisPerSecond);
  // 1970-01-01 was a Thursday.
  time.weekday = static_cast<int>(days - floor_div(days + 4, 7) * 7 + 4);
  // Howard Hinnant's civil_from_days.
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe =
      (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  time.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  time.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  time.year = static_cast<int>(yoe + era * 400 + (time.month <= 2 ? 1 : 0));
  return time;
}

std::int64_t epoch_ms_from_civil(const CivilTime& time) {
  return days_from_civil(time.year, time.month, time.day) * kMillisPerDay +
         time.hour * kMillisPerHour + time.minute * kMillisPerMinute +
         time.second * kMillisPerSecond + time.millisecond;
}

std::optional<std::int64_t> parse_iso8601_ms(std::string_view text) {
  std::size_t pos = 0;
  CivilTime time;
  time.year = read_digits(text, pos, 4);
  if (time.year < 0 || !expect(text, pos, '-')) return std::nullopt;
  time.month = read_digits(text, pos, 2);
  if (time.month < 1 || time.month > 12 || !expect(text, pos, '-')) {
    return std::nullopt;
  }
  time.day = read_digits(text, pos, 2);
  if (time.day < 1 || time.day > days_in_month(time.year, time.month) ||
      !expect(text, pos, 'T')) {
    return std::nullopt;
  }
  time.hour = read_digits(text, pos, 2);
  if (time.hour < 0 || time.hour > 23 || !expect(text, pos, ':')) {
    return std::nullopt;
  }
  time.minute = read_digits(text, pos, 2);
  if (time.minute < 0 || time.minute > 59 || !expect(text, pos, ':')) {
    return std::nullopt;
  }
  time.second = read_digits(text, pos, 2);
  if (time.second < 0 || time.second > 59) return std::nullopt;
  const std::optional<int> millis = read_fraction_ms(text, pos);
  if (!millis) return std::nullopt;
  time.millisecond = *millis;
  const std::optional<std::int64_t> offset = read_offset_ms(text, pos);
  if (!offset) return std::nullopt;
  return epoch_ms_from_civil(time) - *offset;
}

void format_iso8601_ms(std::int64_t epoch_ms, char* out) {
  const CivilTime time = civil_from_epoch_ms(
      std::clamp(epoch_ms, kMinFormattableMs, kMaxFormattableMs));
  write_digits(out, time.year, 4);
  out[4] = '-';
  write_digits(out + 5, time.month, 2);
  out[7] = '-';
  write_digits(out + 8, time.day, 2);
  out[10] = 'T';
  write_digits(out + 11, time.hour, 2);
  out[13] = ':';
  write_digits(out + 14, time.minute, 2);
  out[16] = ':';
  write_digits(out + 17, time.second, 2);
  out[19] = '.';
  write_digits(out + 20, time.millisecond, 3);
  out[23] = 'Z';
}

std::string format_iso8601_ms(std::int64_t epoch_ms) {
  std::string out(kIso8601Length, '\0');
  format_iso8601_ms(epoch_ms, out.data());
  return out;
}

}  // namespace traffic
