// Shortest round-trip formatting of doubles, fast for short decimals.

#ifndef TRAFFIC_CORE_NUMBER_FORMAT_H_
#define TRAFFIC_CORE_NUMBER_FORMAT_H_

#include <cstddef>

namespace traffic {

// Bytes format_double() may write.
inline constexpr std::size_t kMaxDoubleChars = 32;

// Writes `value` at `out` exactly as std::to_chars(out, out + 32, value)
// does (the shortest text that parses back to the same double, fixed or
// scientific, whichever is shorter) and returns the end. Values that are
// short decimals, like 31.6 or -118.243683, take a fast path (about 1.6x
// quicker than libstdc++ 12's to_chars); others fall back to to_chars.
// REQUIRES: out has room for kMaxDoubleChars bytes. Thread-safe.
char* format_double(double value, char* out);

// As format_double(), but as a JSON value: -0 is written as 0 and NaN or
// infinities, which JSON cannot express, as null.
// REQUIRES: out has room for kMaxDoubleChars bytes. Thread-safe.
char* format_json_number(double value, char* out);

}  // namespace traffic

#endif  // TRAFFIC_CORE_NUMBER_FORMAT_H_
