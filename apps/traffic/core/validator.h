// Validator: the domain rules that turn a RawReading into a Reading.
//
// Rules, applied to every known field in Field order; every failure is
// reported, not only the first:
//
//  * A field is inspected only if its parent object is present with the
//    right type and not duplicated. A missing, null, wrong-typed or
//    duplicated object yields that one reason and none for its children.
//  * Absent or null required field      -> missing_field:<name>
//    Absent or null optional field      -> (no reason; the field is omitted)
//    Value of the wrong JSON kind       -> wrong_type:<name>
//    Key present twice in its object    -> duplicate_field:<name> (only)
//    NaN, [-]Infinity, or overflows     -> non_finite:<name>
//  * sensor_id: an absent, null or empty string falls back to the record
//    key; a key that is absent, empty or not valid UTF-8 cannot supply it
//    (missing_field:sensor_id). When both are given the value's field wins.
//  * location.highway and weather.condition: the empty string counts as
//    missing. Other strings are taken verbatim.
//  * speed_mph outside [0, 120]        -> speed_out_of_range
//    volume_vehicles_per_hour outside [0, 10000] -> volume_out_of_range
//    (bounds inclusive; any finite number, fractions allowed)
//  * lanes not an integral value in [1, 2^31 - 1] -> invalid_lanes
//    (5 and 5.0 are both accepted as 5)
//  * direction other than exactly "N", "S", "E" or "W" -> invalid_direction
//  * timestamp not accepted by parse_iso8601_ms() -> timestamp_unparsable;
//    event time > now + max_clock_skew           -> timestamp_in_future;
//    event time < now - max_age                  -> timestamp_too_old.
//  * occupancy, latitude, longitude and temperature_f have no range rules.

#ifndef TRAFFIC_CORE_VALIDATOR_H_
#define TRAFFIC_CORE_VALIDATOR_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "traffic/core/raw_reading.h"
#include "traffic/core/reading.h"
#include "traffic/core/reason_set.h"

namespace traffic {

inline constexpr double kMinSpeedMph = 0;
inline constexpr double kMaxSpeedMph = 120;
inline constexpr double kMinVolumeVph = 0;
inline constexpr double kMaxVolumeVph = 10000;

// Time rules of the Validator.
struct ValidatorConfig {
  // How far past `now` an event time may be (clocks of sensors drift).
  std::chrono::milliseconds max_clock_skew = std::chrono::minutes(5);
  // How far before `now` an event time may be: one year of 365 days.
  std::chrono::milliseconds max_age = std::chrono::days(365);
};

// Applies the rules in the file comment. Stateless apart from its config;
// thread-safe for concurrent const use.
class Validator {
 public:
  explicit Validator(ValidatorConfig config = {});

  // Validates `raw` (from ReadingParser::parse() returning kOk) with the
  // record `key` and the processing time `now_ms` (UTC epoch milliseconds).
  // Returns the empty set and a fully assigned *out when the reading is
  // valid; otherwise every failed rule, and *out's contents are unspecified.
  // REQUIRES: out is not null.
  [[nodiscard]] ReasonSet validate(const RawReading& raw,
                                   std::optional<std::string_view> key,
                                   std::int64_t now_ms, Reading* out) const;

  // Returns the configuration given at construction.
  const ValidatorConfig& config() const { return config_; }

 private:
  void check_present(Field field, const RawField& value,
                     std::optional<std::string_view> key, std::int64_t now_ms,
                     Reading* out, ReasonSet* reasons) const;
  void check_timestamp(std::string_view text, std::int64_t now_ms, Reading* out,
                       ReasonSet* reasons) const;

  ValidatorConfig config_;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_VALIDATOR_H_
