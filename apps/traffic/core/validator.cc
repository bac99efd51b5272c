#include "traffic/core/validator.h"

#include <simdjson.h>

#include <cmath>
#include <limits>

#include "traffic/core/iso8601.h"

namespace traffic {
namespace {

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? std::numeric_limits<std::int64_t>::max()
               : std::numeric_limits<std::int64_t>::min();
}

bool in_range(double value, double low, double high) {
  return value >= low && value <= high;
}

std::optional<Direction> direction_from_text(std::string_view text) {
  if (text.size() != 1) return std::nullopt;
  switch (text[0]) {
    case 'N': return Direction::kNorth;
    case 'S': return Direction::kSouth;
    case 'E': return Direction::kEast;
    case 'W': return Direction::kWest;
    default: return std::nullopt;
  }
}

bool is_lane_count(double lanes) {
  return lanes >= 1 && lanes <= std::numeric_limits<std::int32_t>::max() &&
         std::floor(lanes) == lanes;
}

// Fills out->sensor_id from the record key; false if the key cannot.
bool sensor_id_from_key(std::optional<std::string_view> key, Reading* out) {
  if (!key || key->empty() ||
      !simdjson::validate_utf8(key->data(), key->size())) {
    return false;
  }
  out->sensor_id.assign(*key);
  return true;
}

}  // namespace

Validator::Validator(ValidatorConfig config) : config_(config) {}

ReasonSet Validator::validate(const RawReading& raw,
                              std::optional<std::string_view> key,
                              std::int64_t now_ms, Reading* out) const {
  ReasonSet reasons;
  out->occupancy.reset();
  out->latitude.reset();
  out->longitude.reset();
  out->temperature_f.reset();
  for (std::size_t i = 1; i < kFieldCount; ++i) {
    const auto field = static_cast<Field>(i);
    const FieldInfo& info = field_info(field);
    if (info.parent != Field::kRoot &&
        raw[info.parent].state != FieldState::kPresent) {
      continue;
    }
    const RawField& value = raw[field];
    switch (value.state) {
      case FieldState::kAbsent:
      case FieldState::kNull:
        if (field == Field::kSensorId && sensor_id_from_key(key, out)) break;
        if (info.required) reasons.add({ReasonKind::kMissingField, field});
        break;
      case FieldState::kWrongType:
        reasons.add({ReasonKind::kWrongType, field});
        break;
      case FieldState::kDuplicate:
        reasons.add({ReasonKind::kDuplicateField, field});
        break;
      case FieldState::kNonFinite:
        reasons.add({ReasonKind::kNonFinite, field});
        break;
      case FieldState::kPresent:
        check_present(field, value, key, now_ms, out, &reasons);
        break;
    }
  }
  return reasons;
}

void Validator::check_present(Field field, const RawField& value,
                              std::optional<std::string_view> key,
                              std::int64_t now_ms, Reading* out,
                              ReasonSet* reasons) const {
  const Reason missing{ReasonKind::kMissingField, field};
  switch (field) {
    case Field::kSensorId:
      if (!value.text.empty()) {
        out->sensor_id.assign(value.text);
      } else if (!sensor_id_from_key(key, out)) {
        reasons->add(missing);
      }
      return;
    case Field::kTimestamp:
      check_timestamp(value.text, now_ms, out, reasons);
      return;
    case Field::kSpeedMph:
      out->speed_mph = value.number;
      if (!in_range(value.number, kMinSpeedMph, kMaxSpeedMph)) {
        reasons->add({ReasonKind::kSpeedOutOfRange, Field::kRoot});
      }
      return;
    case Field::kVolume:
      out->volume_vph = value.number;
      if (!in_range(value.number, kMinVolumeVph, kMaxVolumeVph)) {
        reasons->add({ReasonKind::kVolumeOutOfRange, Field::kRoot});
      }
      return;
    case Field::kHighway:
      if (value.text.empty()) reasons->add(missing);
      out->highway.assign(value.text);
      return;
    case Field::kDirection:
      if (const std::optional<Direction> direction =
              direction_from_text(value.text)) {
        out->direction = *direction;
      } else {
        reasons->add({ReasonKind::kInvalidDirection, Field::kRoot});
      }
      return;
    case Field::kLanes:
      if (is_lane_count(value.number)) {
        out->lane_count = static_cast<std::int32_t>(value.number);
      } else {
        reasons->add({ReasonKind::kInvalidLanes, Field::kRoot});
      }
      return;
    case Field::kCondition:
      if (value.text.empty()) reasons->add(missing);
      out->weather_condition.assign(value.text);
      return;
    case Field::kOccupancy: out->occupancy = value.number; return;
    case Field::kLatitude: out->latitude = value.number; return;
    case Field::kLongitude: out->longitude = value.number; return;
    case Field::kTemperatureF: out->temperature_f = value.number; return;
    case Field::kRoot:
    case Field::kTrafficData:
    case Field::kLocation:
    case Field::kWeather: return;
  }
}

void Validator::check_timestamp(std::string_view text, std::int64_t now_ms,
                                Reading* out, ReasonSet* reasons) const {
  const std::optional<std::int64_t> event_ms = parse_iso8601_ms(text);
  if (!event_ms) {
    reasons->add({ReasonKind::kTimestampUnparsable, Field::kRoot});
    return;
  }
  out->event_time_ms = *event_ms;
  if (*event_ms > saturating_add(now_ms, config_.max_clock_skew.count())) {
    reasons->add({ReasonKind::kTimestampInFuture, Field::kRoot});
  }
  if (*event_ms < saturating_add(now_ms, -config_.max_age.count())) {
    reasons->add({ReasonKind::kTimestampTooOld, Field::kRoot});
  }
}

}  // namespace traffic
