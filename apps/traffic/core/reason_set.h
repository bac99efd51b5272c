// ReasonSet: the set of reasons a reading was rejected for.

#ifndef TRAFFIC_CORE_REASON_SET_H_
#define TRAFFIC_CORE_REASON_SET_H_

#include <bitset>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "traffic/core/reason.h"

namespace traffic {

// A set of Reasons, stored as a fixed bitset: adding, testing and comparing
// never allocate. Iteration order is stable: the non-field kinds in
// ReasonKind order, then the field-scoped kinds in ReasonKind order, each by
// Field order. An empty set means "valid".
// Thread-compatible: a const ReasonSet may be read from many threads.
class ReasonSet {
 public:
  ReasonSet() = default;

  // Adds `reason` (a no-op if already present).
  // REQUIRES: reason.field is not kRoot exactly when the kind is field-scoped.
  void add(Reason reason) { bits_.set(index_of(reason)); }

  // Returns true if `reason` is in the set.
  bool contains(Reason reason) const { return bits_.test(index_of(reason)); }

  // Returns true if the set has no reasons (the reading is valid).
  bool empty() const { return bits_.none(); }

  // Returns the number of reasons.
  std::size_t size() const { return bits_.count(); }

  // Removes every reason.
  void clear() { bits_.reset(); }

  // Returns the reasons in iteration order.
  std::vector<Reason> reasons() const;

  // Returns the text codes in iteration order.
  std::vector<std::string> codes() const;

  // Returns the codes joined by ',' (empty for an empty set).
  std::string to_string() const;

  // Builds a set from text codes; nullopt if any code does not parse.
  static std::optional<ReasonSet> from_codes(
      const std::vector<std::string>& codes);

  friend bool operator==(const ReasonSet&, const ReasonSet&) = default;

 private:
  static constexpr std::size_t kUnscopedKinds =
      static_cast<std::size_t>(ReasonKind::kMissingField);
  static constexpr std::size_t kBits =
      kUnscopedKinds + (kReasonKindCount - kUnscopedKinds) * kFieldCount;

  static std::size_t index_of(Reason reason);
  static Reason reason_at(std::size_t index);

  std::bitset<kBits> bits_;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_REASON_SET_H_
