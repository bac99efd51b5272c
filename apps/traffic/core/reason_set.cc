#include "traffic/core/reason_set.h"

namespace traffic {

std::size_t ReasonSet::index_of(Reason reason) {
  const auto kind = static_cast<std::size_t>(reason.kind);
  if (kind < kUnscopedKinds) return kind;
  return kUnscopedKinds + (kind - kUnscopedKinds) * kFieldCount +
         field_index(reason.field);
}

Reason ReasonSet::reason_at(std::size_t index) {
  if (index < kUnscopedKinds) {
    return Reason{static_cast<ReasonKind>(index), Field::kRoot};
  }
  const std::size_t scoped = index - kUnscopedKinds;
  return Reason{static_cast<ReasonKind>(kUnscopedKinds + scoped / kFieldCount),
                static_cast<Field>(scoped % kFieldCount)};
}

std::vector<Reason> ReasonSet::reasons() const {
  std::vector<Reason> out;
  out.reserve(size());
  for (std::size_t i = 0; i < kBits; ++i) {
    if (bits_.test(i)) out.push_back(reason_at(i));
  }
  return out;
}

std::vector<std::string> ReasonSet::codes() const {
  std::vector<std::string> out;
  for (const Reason& reason : reasons()) out.push_back(reason_code(reason));
  return out;
}

std::string ReasonSet::to_string() const {
  std::string out;
  for (const std::string& code : codes()) {
    if (!out.empty()) out += ',';
    out += code;
  }
  return out;
}

std::optional<ReasonSet> ReasonSet::from_codes(
    const std::vector<std::string>& codes) {
  ReasonSet set;
  for (const std::string& code : codes) {
    const std::optional<Reason> reason = parse_reason_code(code);
    if (!reason) return std::nullopt;
    set.add(*reason);
  }
  return set;
}

}  // namespace traffic
