#include "traffic/core/reason.h"

#include <array>

namespace traffic {
namespace {

constexpr std::array<std::string_view, kReasonKindCount> kKindNames = {
    "malformed_json",     "empty_value",          "too_large",
    "speed_out_of_range", "volume_out_of_range",  "invalid_lanes",
    "invalid_direction",  "timestamp_unparsable", "timestamp_in_future",
    "timestamp_too_old",  "missing_field",        "wrong_type",
    "duplicate_field",    "non_finite",
};

}  // namespace

std::string_view reason_kind_name(ReasonKind kind) {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::string reason_code(Reason reason) {
  std::string code(reason_kind_name(reason.kind));
  if (is_field_scoped(reason.kind)) {
    code += ':';
    code += field_info(reason.field).name;
  }
  return code;
}

std::optional<Reason> parse_reason_code(std::string_view code) {
  const std::size_t colon = code.find(':');
  const std::string_view kind_name = code.substr(0, colon);
  for (std::size_t i = 0; i < kReasonKindCount; ++i) {
    if (kKindNames[i] != kind_name) continue;
    const auto kind = static_cast<ReasonKind>(i);
    if (!is_field_scoped(kind)) {
      if (colon != std::string_view::npos) return std::nullopt;
      return Reason{kind, Field::kRoot};
    }
    if (colon == std::string_view::npos) return std::nullopt;
    const Field field = find_field_by_name(code.substr(colon + 1));
    if (field == Field::kRoot) return std::nullopt;
    return Reason{kind, field};
  }
  return std::nullopt;
}

}  // namespace traffic
