// ReadingParser: bytes of a nested METR-LA reading -> RawReading.
//
// The parser checks that the value is one well-formed JSON object and
// extracts the known fields (see field.h) without judging their values; the
// Validator applies the rules. Accepted syntax is RFC 8259 JSON in UTF-8 plus
// one extension: the bare literals NaN, Infinity and -Infinity may appear
// wherever a value may (Python's json module writes them). Outcomes:
//
//   kEmptyValue     the value is absent (a tombstone), has no bytes, holds
//                   only JSON whitespace, or is the JSON literal null.
//   kTooLarge       more than max_value_bytes bytes (checked before parsing,
//                   after the empty check for absent/zero-length values).
//   kMalformedJson  anything else that is not exactly one JSON object:
//                   syntax errors, invalid UTF-8 anywhere, unescaped control
//                   characters (including NUL) or bad escapes (including
//                   lone surrogates) in strings, a truncated document,
//                   trailing bytes, nesting deeper than kMaxJsonDepth, or a
//                   top-level value that is not an object. Unknown fields are
//                   validated as strictly as known ones.
//   kOk             *out holds every known field's state; for duplicate
//                   keys the field is kDuplicate, whatever its values were.
//
// Keys are compared after unescaping, so "speed\u005fmph" is speed_mph.

#ifndef TRAFFIC_CORE_READING_PARSER_H_
#define TRAFFIC_CORE_READING_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "traffic/core/raw_reading.h"

namespace traffic {

// Default limit on the size of one value: 64 KiB.
inline constexpr std::size_t kDefaultMaxValueBytes = std::size_t{64} * 1024;

// Deepest allowed nesting of objects and arrays; the top-level object is
// depth 1, traffic_data is depth 2.
inline constexpr int kMaxJsonDepth = 64;

// The parser's verdict on the bytes. See the file comment.
enum class ParseOutcome : std::uint8_t {
  kOk,
  kEmptyValue,
  kTooLarge,
  kMalformedJson,
};

// Parses reading values with simdjson's on-demand API. Owns a padded copy
// buffer of max_value_bytes plus padding and simdjson's internal buffers, all
// allocated once at construction: parse() does not allocate.
// Not thread-safe: use one parser per thread.
class ReadingParser {
 public:
  // Allocates the buffers. Throws std::bad_alloc if that fails.
  explicit ReadingParser(std::size_t max_value_bytes = kDefaultMaxValueBytes);
  ~ReadingParser();
  ReadingParser(const ReadingParser&) = delete;
  ReadingParser& operator=(const ReadingParser&) = delete;

  // Parses `value` (nullopt for a tombstone) into *out, which is reset first.
  // Any byte sequence is accepted as input. String views in *out stay valid
  // until the next call to parse() or the parser's destruction.
  // REQUIRES: out is not null.
  [[nodiscard]] ParseOutcome parse(std::optional<std::string_view> value,
                                   RawReading* out);

  // Returns the byte limit given at construction.
  std::size_t max_value_bytes() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_READING_PARSER_H_
