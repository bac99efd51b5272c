// Fuzz target: parse_duration()/format_duration() (apps/traffic/duration.h),
// the parser of traffic-processor's duration settings (COMMIT_INTERVAL,
// WINDOW_SIZE, WINDOW_GRACE, MAX_CLOCK_SKEW, ...). The rest of its
// configuration parsing is not a pure function (see docs/reliability.md).
//
// Input: any text; its first 8 bytes are also read as a number of ms.
//
// Properties:
//  * parse_duration() accepts exactly digits followed by one unit (ms, s,
//    m, h, d) whose value fits an int64 of milliseconds, and never returns
//    a negative duration;
//  * what it accepts, format_duration() writes in a form that parses back
//    to the same duration; any non-negative duration survives
//    format_duration() then parse_duration().
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "traffic/duration.h"

namespace {

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool has_unit_form(std::string_view text) {
  for (const std::string_view unit : {"ms", "s", "m", "h", "d"}) {
    if (text.ends_with(unit) &&
        all_digits(text.substr(0, text.size() - unit.size()))) {
      return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = traffic::parse_duration(text);
  if (parsed) {
    FUZZ_CHECK(has_unit_form(text), "only digits and one unit");
    FUZZ_CHECK(parsed->count() >= 0, "never negative");
    FUZZ_CHECK(
        traffic::parse_duration(traffic::format_duration(*parsed)) == parsed,
        "format_duration() parses back");
  }
  if (size >= 8) {
    std::int64_t ms = 0;
    std::memcpy(&ms, data, sizeof ms);
    if (ms < 0) ms = -(ms + 1);
    const std::chrono::milliseconds d(ms);
    FUZZ_CHECK(traffic::parse_duration(traffic::format_duration(d)) == d,
               "any non-negative duration round-trips");
  }
  return 0;
}
