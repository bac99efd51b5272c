// Reason codes: why a reading was rejected.
//
// A reason is a kind plus, for the four field-scoped kinds, the field it is
// about. Its stable text code is the kind's name, followed for field-scoped
// kinds by ':' and the field's dotted input name, e.g.
// "missing_field:traffic_data.speed_mph". The codes are part of the app's
// output contract (dead-letter records carry them): never rename one.

#ifndef TRAFFIC_CORE_REASON_H_
#define TRAFFIC_CORE_REASON_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "traffic/core/field.h"

namespace traffic {

// The kind of a validation failure. See reading_decoder.h for exact rules.
enum class ReasonKind : std::uint8_t {
  kMalformedJson,        // "malformed_json"
  kEmptyValue,           // "empty_value"
  kTooLarge,             // "too_large"
  kSpeedOutOfRange,      // "speed_out_of_range"
  kVolumeOutOfRange,     // "volume_out_of_range"
  kInvalidLanes,         // "invalid_lanes"
  kInvalidDirection,     // "invalid_direction"
  kTimestampUnparsable,  // "timestamp_unparsable"
  kTimestampInFuture,    // "timestamp_in_future"
  kTimestampTooOld,      // "timestamp_too_old"
  // Field-scoped kinds: their code names a field.
  kMissingField,    // "missing_field:<name>"
  kWrongType,       // "wrong_type:<name>"
  kDuplicateField,  // "duplicate_field:<name>"
  kNonFinite,       // "non_finite:<name>"
};

// Number of ReasonKind enumerators.
inline constexpr std::size_t kReasonKindCount = 14;

// Returns true for the kinds whose code names a field.
constexpr bool is_field_scoped(ReasonKind kind) {
  return kind >= ReasonKind::kMissingField;
}

// Returns true for the kinds that are always reported alone: the value was
// not inspected field by field.
constexpr bool is_exclusive(ReasonKind kind) {
  return kind <= ReasonKind::kTooLarge;
}

// One failure. `field` is Field::kRoot for kinds that are not field-scoped.
struct Reason {
  ReasonKind kind = ReasonKind::kMalformedJson;
  Field field = Field::kRoot;

  friend bool operator==(const Reason&, const Reason&) = default;
};

// Returns the name of `kind` without a field, e.g. "missing_field".
std::string_view reason_kind_name(ReasonKind kind);

// Returns the stable text code of `reason`, e.g. "wrong_type:location.lanes".
// REQUIRES: reason.field is not kRoot exactly when the kind is field-scoped.
std::string reason_code(Reason reason);

// Parses a text code produced by reason_code(). Returns nullopt for unknown
// kinds, unknown fields, a field on a kind without one, or a missing field.
std::optional<Reason> parse_reason_code(std::string_view code);

}  // namespace traffic

#endif  // TRAFFIC_CORE_REASON_H_
