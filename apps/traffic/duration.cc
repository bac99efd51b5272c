#include "traffic/duration.h"

#include <charconv>
#include <cstdint>
#include <limits>

namespace traffic {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t ms;
};

// Longest suffixes first so that "ms" is not read as "m".
constexpr Unit kUnits[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  for (const Unit& unit : kUnits) {
    if (text.size() <= unit.suffix.size() || !text.ends_with(unit.suffix)) {
      continue;
    }
    const std::string_view digits =
        text.substr(0, text.size() - unit.suffix.size());
    if (digits.front() < '0' || digits.front() > '9') return std::nullopt;
    std::int64_t n = 0;
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
      return std::nullopt;
    }
    if (n > std::numeric_limits<std::int64_t>::max() / unit.ms) {
      return std::nullopt;
    }
    return std::chrono::milliseconds(n * unit.ms);
  }
  return std::nullopt;
}

std::string format_duration(std::chrono::milliseconds d) {
  const std::int64_t ms = d.count();
  for (auto it = std::rbegin(kUnits); it != std::rend(kUnits); ++it) {
    if (ms != 0 && ms % it->ms == 0) {
      return std::to_string(ms / it->ms) + std::string(it->suffix);
    }
  }
  return std::to_string(ms) + "ms";
}

}  // namespace traffic
