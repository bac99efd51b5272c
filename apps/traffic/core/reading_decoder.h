// ReadingDecoder: record key + value bytes -> Reading or reason codes.
//
// Reason codes and their exact semantics:
//   empty_value, too_large, malformed_json   see reading_parser.h; each is
//       reported alone, since the value is not inspected field by field.
//   missing_field:<name>, wrong_type:<name>, duplicate_field:<name>,
//   non_finite:<name>, speed_out_of_range, volume_out_of_range,
//   invalid_lanes, invalid_direction, timestamp_unparsable,
//   timestamp_in_future, timestamp_too_old   see validator.h; all that apply
//       are reported together.
// <name> is the dotted input name, e.g. traffic_data.speed_mph.

#ifndef TRAFFIC_CORE_READING_DECODER_H_
#define TRAFFIC_CORE_READING_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "traffic/core/raw_reading.h"
#include "traffic/core/reading.h"
#include "traffic/core/reading_parser.h"
#include "traffic/core/reason_set.h"
#include "traffic/core/validator.h"

namespace traffic {

// Limits and time rules for decoding.
struct DecoderConfig {
  std::size_t max_value_bytes = kDefaultMaxValueBytes;
  ValidatorConfig validator;
};

// Parses and validates readings. Does not allocate per record once its
// Reading's strings have grown to size. Not thread-safe (it owns a
// ReadingParser): use one decoder per thread.
class ReadingDecoder {
 public:
  // Allocates the parser's buffers. Throws std::bad_alloc if that fails.
  explicit ReadingDecoder(DecoderConfig config = {});

  // Decodes one record. `key` is the record key (nullopt if it has none),
  // `value` the value bytes (nullopt for a tombstone), `now_ms` the
  // processing time in UTC epoch milliseconds. Returns the empty set and a
  // fully assigned *out for a valid reading, else every reason code that
  // applies (*out then unspecified). Safe for any bytes.
  // REQUIRES: out is not null.
  [[nodiscard]] ReasonSet decode(std::optional<std::string_view> key,
                                 std::optional<std::string_view> value,
                                 std::int64_t now_ms, Reading* out);

  // Returns the configuration given at construction.
  const DecoderConfig& config() const { return config_; }

 private:
  DecoderConfig config_;
  ReadingParser parser_;
  Validator validator_;
  RawReading raw_;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_READING_DECODER_H_
