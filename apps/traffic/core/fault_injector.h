// FaultInjector: turns a clean generated reading into a faulty one whose
// expected reason codes are known by construction.

#ifndef TRAFFIC_CORE_FAULT_INJECTOR_H_
#define TRAFFIC_CORE_FAULT_INJECTOR_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "traffic/core/field.h"
#include "traffic/core/random.h"
#include "traffic/core/reading_decoder.h"
#include "traffic/core/reading_document.h"
#include "traffic/core/reason_set.h"

namespace traffic {

// What a fault does. Each kind produces exactly one reason code.
enum class FaultKind : std::uint8_t {
  kMissing,           // removes a required field -> missing_field
  kNull,              // sets a required field to null -> missing_field
  kEmptyString,       // "" for sensor_id, highway, condition -> missing_field
  kWrongType,         // a value of another JSON kind -> wrong_type
  kDuplicate,         // the key twice in its object -> duplicate_field
  kNonFinite,         // NaN, [-]Infinity, 1e400 ... -> non_finite
  kSpeedOutOfRange,   // -> speed_out_of_range
  kVolumeOutOfRange,  // -> volume_out_of_range
  kInvalidLanes,      // 0, negative, fractional, huge -> invalid_lanes
  kInvalidDirection,  // -> invalid_direction
  kTimestampUnparsable,  // -> timestamp_unparsable
  kTimestampInFuture,    // beyond now + max_clock_skew -> timestamp_in_future
  kTimestampTooOld,      // before now - max_age -> timestamp_too_old
  kMalformedJson,        // one of many byte-level breakages -> malformed_json
  kEmptyValue,           // tombstone, "", whitespace, null -> empty_value
  kTooLarge,             // value over max_value_bytes -> too_large
};

// One fault: a kind and the field it targets (kRoot for the last three
// kinds, which are exclusive: they are never combined with others).
struct FaultTemplate {
  FaultKind kind;
  Field field;

  friend bool operator==(const FaultTemplate&, const FaultTemplate&) = default;
};

// A faulty record and the verdict the decoder must reach on it.
struct FaultyRecord {
  std::optional<std::string> key;    // nullopt: the record has no key
  std::optional<std::string> value;  // nullopt: a tombstone
  ReasonSet expected;                // never empty
  std::string description;           // e.g. "wrong_type(location.lanes)"
};

// Applies faults to documents. Expectations follow the rules documented in
// reading_parser.h and validator.h, computed from what was injected, not by
// running the decoder. Immutable; thread-safe (randomness is passed in).
class FaultInjector {
 public:
  // `config` gives the limits the expectations must agree with.
  explicit FaultInjector(DecoderConfig config) : config_(config) {}

  // Every fault the injector can produce: for each field the applicable
  // missing/null/empty/wrong-type/duplicate/non-finite faults, the rule
  // faults, and the three exclusive ones.
  static const std::vector<FaultTemplate>& templates();

  // Returns true if the templates may be applied together: none exclusive
  // (unless alone), no two on the same field or on a field and its parent.
  static bool compatible(std::span<const FaultTemplate> faults);

  // Draws one exclusive fault (a quarter of the time) or one to three
  // compatible field faults and applies them; see inject_with().
  FaultyRecord inject(ReadingDocument document, const DocumentStyle& style,
                      const std::optional<std::string>& key,
                      std::int64_t now_ms, Random& random) const;

  // Applies `faults` to `document` (the clean value of a record whose key
  // is `key`, processed at `now_ms`) and writes it with `style`.
  // REQUIRES: !faults.empty() && compatible(faults).
  FaultyRecord inject_with(std::span<const FaultTemplate> faults,
                           ReadingDocument document, const DocumentStyle& style,
                           const std::optional<std::string>& key,
                           std::int64_t now_ms, Random& random) const;

  // Returns a readable name, e.g. "duplicate(traffic_data)".
  static std::string describe(const FaultTemplate& fault);

 private:
  void apply(const FaultTemplate& fault, std::int64_t now_ms, Random& random,
             ReadingDocument* document, std::optional<std::string>* key) const;
  std::string too_large_value(ReadingDocument document,
                              const DocumentStyle& style, Random& random) const;
  std::string timestamp_text(std::int64_t now_ms, FaultKind kind,
                             Random& random) const;

  DecoderConfig config_;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_FAULT_INJECTOR_H_
