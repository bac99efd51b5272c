// Small lexical helpers for JSON text, shared by the parser and its tests.

#ifndef TRAFFIC_CORE_JSON_TOKEN_H_
#define TRAFFIC_CORE_JSON_TOKEN_H_

#include <string_view>

namespace traffic {

// Returns `text` without leading and trailing JSON whitespace (space, tab,
// line feed, carriage return).
std::string_view trim_json_whitespace(std::string_view text);

// Returns true if `token` is exactly a number in RFC 8259 grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? . Magnitude is not checked.
bool is_json_number_token(std::string_view token);

// Returns true if `token` is exactly NaN, Infinity or -Infinity, the
// non-standard literals Python's json module writes for non-finite floats.
bool is_non_finite_token(std::string_view token);

}  // namespace traffic

#endif  // TRAFFIC_CORE_JSON_TOKEN_H_
