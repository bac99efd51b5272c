// Durations in configuration values: "300ms", "90s", "5m", "2h", "365d".

#ifndef TRAFFIC_DURATION_H_
#define TRAFFIC_DURATION_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace traffic {

// Parses a non-negative whole number followed by one unit: ms, s, m, h or
// d. A bare number, another unit, a sign, spaces or an overflow yield
// nullopt. Thread-safe.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// Writes `d` in the largest unit that divides it exactly ("5m", "90s",
// "1500ms"); the inverse of parse_duration().
std::string format_duration(std::chrono::milliseconds d);

}  // namespace traffic

#endif  // TRAFFIC_DURATION_H_
