// RawReading: what ReadingParser extracted from the bytes, before the rules.

#ifndef TRAFFIC_CORE_RAW_READING_H_
#define TRAFFIC_CORE_RAW_READING_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "traffic/core/field.h"

namespace traffic {

// What the parser found for one known field.
enum class FieldState : std::uint8_t {
  kAbsent,     // key not present (or its parent object was not inspected)
  kNull,       // present with the value null
  kWrongType,  // present with a value of another JSON kind
  kDuplicate,  // key present more than once in its object
  kNonFinite,  // numeric field holding NaN, [-]Infinity or a number that
               // overflows a double
  kPresent,    // present with a value of the expected kind
};

// One field's extraction result. `number` is set for present numeric
// fields, `text` (unescaped, UTF-8) for present string fields.
struct RawField {
  FieldState state = FieldState::kAbsent;
  double number = 0;
  std::string_view text;
};

// All known fields of one input value, indexed by field_index(Field).
// The string views point into the ReadingParser that filled it and stay
// valid until its next parse(). Thread-compatible.
struct RawReading {
  std::array<RawField, kFieldCount> fields;

  RawField& operator[](Field field) { return fields[field_index(field)]; }
  const RawField& operator[](Field field) const {
    return fields[field_index(field)];
  }
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_RAW_READING_H_
