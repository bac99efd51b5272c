#include "traffic/core/fault_injector.h"

#include <array>

#include "traffic/core/iso8601.h"
#include "traffic/core/malformed_json.h"

namespace traffic {
namespace {

template <typename T, std::size_t N>
const T& pick(const std::array<T, N>& options, Random& random) {
  return options[random.below(N)];
}

// Values of another JSON kind, by the kind the field needs.
constexpr std::array<std::string_view, 6> kNotStrings = {
    "42", "true", "false", R"(["I-10"])", R"({"value":"x"})", "-3.5"};
constexpr std::array<std::string_view, 6> kNotNumbers = {
    R"("31.6")", "true", "[1]", "{}", R"("")", R"("NaN")"};
constexpr std::array<std::string_view, 5> kNotObjects = {
    "[]", R"("x")", "5", "true", R"([{"speed_mph":1}])"};

constexpr std::array<std::string_view, 7> kNonFiniteTokens = {
    "NaN",    "Infinity", "-Infinity",    "1e400",
    "-1e999", "2e308",    "123456789e999"};

constexpr std::array<double, 7> kBadSpeeds = {120.0001, 120.1, 121,  250,
                                              -0.0001,  -1,    -55.5};
constexpr std::array<double, 6> kBadVolumes = {10000.001, 10001, 25000,
                                               1e9,       -1,    -0.5};
constexpr std::array<std::string_view, 9> kBadLanes = {
    "0", "-1", "-3", "2.5", "4.25", "0.999", "1e10", "3000000000", "-0"};
constexpr std::array<std::string_view, 8> kBadDirections = {
    R"("NE")", R"("north")", R"("n")",  R"("")",
    R"("X")",  R"("SB")",    R"("E ")", R"("\u004e\u004e")"};
constexpr std::array<std::string_view, 16> kBadTimestamps = {
    "",
    "yesterday",
    "2025-13-01T00:00:00Z",
    "2025-02-29T10:00:00Z",
    "2025-04-31T10:00:00.000Z",
    "2025-10-05 07:42:44Z",
    "2025-10-05T07:42:44",
    "1759650164651",
    "2025-10-05T24:00:00Z",
    "2025-10-05T07:42:44.Z",
    "2025-10-05T07:42:60Z",
    "2025-10-05T07:42:44+0000",
    "2025-10-05T07:42:44.1234567890Z",
    "2025-10-05t07:42:44z",
    " 2025-10-05T07:42:44Z",
    "2025-10-05T07:42:44+24:00"};
// Keys that cannot supply a sensor id (besides no key at all): empty, and
// not valid UTF-8.
constexpr std::array<std::string_view, 2> kUselessKeys = {"", "\xc3\x28"};

// Empty values besides a tombstone.
constexpr std::array<std::string_view, 5> kEmptyValues = {"", " ", "\r\n\t ",
                                                          "null", " null\n"};

bool is_exclusive_kind(FaultKind kind) {
  return kind >= FaultKind::kMalformedJson;
}

// The reason a fault kind produces.
Reason reason_for(const FaultTemplate& fault) {
  switch (fault.kind) {
    case FaultKind::kMissing:
    case FaultKind::kNull:
    case FaultKind::kEmptyString:
      return {ReasonKind::kMissingField, fault.field};
    case FaultKind::kWrongType: return {ReasonKind::kWrongType, fault.field};
    case FaultKind::kDuplicate:
      return {ReasonKind::kDuplicateField, fault.field};
    case FaultKind::kNonFinite: return {ReasonKind::kNonFinite, fault.field};
    case FaultKind::kSpeedOutOfRange:
      return {ReasonKind::kSpeedOutOfRange, Field::kRoot};
    case FaultKind::kVolumeOutOfRange:
      return {ReasonKind::kVolumeOutOfRange, Field::kRoot};
    case FaultKind::kInvalidLanes:
      return {ReasonKind::kInvalidLanes, Field::kRoot};
    case FaultKind::kInvalidDirection:
      return {ReasonKind::kInvalidDirection, Field::kRoot};
    case FaultKind::kTimestampUnparsable:
      return {ReasonKind::kTimestampUnparsable, Field::kRoot};
    case FaultKind::kTimestampInFuture:
      return {ReasonKind::kTimestampInFuture, Field::kRoot};
    case FaultKind::kTimestampTooOld:
      return {ReasonKind::kTimestampTooOld, Field::kRoot};
    case FaultKind::kMalformedJson:
      return {ReasonKind::kMalformedJson, Field::kRoot};
    case FaultKind::kEmptyValue: return {ReasonKind::kEmptyValue, Field::kRoot};
    case FaultKind::kTooLarge: return {ReasonKind::kTooLarge, Field::kRoot};
  }
  return {};
}

std::string wrong_value(Field field, Random& random) {
  switch (field_info(field).kind) {
    case FieldKind::kString: return std::string(pick(kNotStrings, random));
    case FieldKind::kNumber: return std::string(pick(kNotNumbers, random));
    case FieldKind::kObject: return std::string(pick(kNotObjects, random));
  }
  return {};
}

// A valid value of the field's kind (objects get an empty body).
std::string plain_value(Field field) {
  switch (field_info(field).kind) {
    case FieldKind::kString: return "\"x\"";
    case FieldKind::kNumber: return "0.5";
    case FieldKind::kObject: return "{}";
  }
  return {};
}

}  // namespace

const std::vector<FaultTemplate>& FaultInjector::templates() {
  static const std::vector<FaultTemplate> kTemplates = [] {
    std::vector<FaultTemplate> all;
    for (std::size_t i = 1; i < kFieldCount; ++i) {
      const auto field = static_cast<Field>(i);
      const FieldInfo& info = field_info(field);
      if (info.required) {
        all.push_back({FaultKind::kMissing, field});
        all.push_back({FaultKind::kNull, field});
      }
      if (field == Field::kSensorId || field == Field::kHighway ||
          field == Field::kCondition) {
        all.push_back({FaultKind::kEmptyString, field});
      }
      all.push_back({FaultKind::kWrongType, field});
      all.push_back({FaultKind::kDuplicate, field});
      if (info.kind == FieldKind::kNumber) {
        all.push_back({FaultKind::kNonFinite, field});
      }
    }
    all.insert(all.end(), {{FaultKind::kSpeedOutOfRange, Field::kSpeedMph},
                           {FaultKind::kVolumeOutOfRange, Field::kVolume},
                           {FaultKind::kInvalidLanes, Field::kLanes},
                           {FaultKind::kInvalidDirection, Field::kDirection},
                           {FaultKind::kTimestampUnparsable, Field::kTimestamp},
                           {FaultKind::kTimestampInFuture, Field::kTimestamp},
                           {FaultKind::kTimestampTooOld, Field::kTimestamp},
                           {FaultKind::kMalformedJson, Field::kRoot},
                           {FaultKind::kEmptyValue, Field::kRoot},
                           {FaultKind::kTooLarge, Field::kRoot}});
    return all;
  }();
  return kTemplates;
}

bool FaultInjector::compatible(std::span<const FaultTemplate> faults) {
  for (std::size_t i = 0; i < faults.size(); ++i) {
    if (is_exclusive_kind(faults[i].kind) && faults.size() > 1) return false;
    for (std::size_t j = i + 1; j < faults.size(); ++j) {
      const Field a = faults[i].field;
      const Field b = faults[j].field;
      if (a == b || field_info(a).parent == b || field_info(b).parent == a) {
        return false;
      }
    }
  }
  return true;
}

std::string FaultInjector::describe(const FaultTemplate& fault) {
  static constexpr std::array<std::string_view, 16> kKindNames = {
      "missing",
      "null",
      "empty_string",
      "wrong_type",
      "duplicate",
      "non_finite",
      "speed_range",
      "volume_range",
      "invalid_lanes",
      "invalid_direction",
      "timestamp_unparsable",
      "timestamp_in_future",
      "timestamp_too_old",
      "malformed_json",
      "empty_value",
      "too_large"};
  std::string name(kKindNames[static_cast<std::size_t>(fault.kind)]);
  if (fault.field != Field::kRoot) {
    name += '(';
    name += field_info(fault.field).name;
    name += ')';
  }
  return name;
}

FaultyRecord FaultInjector::inject(ReadingDocument document,
                                   const DocumentStyle& style,
                                   const std::optional<std::string>& key,
                                   std::int64_t now_ms, Random& random) const {
  const std::vector<FaultTemplate>& all = templates();
  std::vector<FaultTemplate> chosen;
  if (random.chance(0.25)) {
    const double draw = random.uniform();
    const FaultKind kind = draw < 0.7    ? FaultKind::kMalformedJson
                           : draw < 0.85 ? FaultKind::kEmptyValue
                                         : FaultKind::kTooLarge;
    chosen.push_back({kind, Field::kRoot});
  } else {
    const double draw = random.uniform();
    const std::size_t count = draw < 0.7 ? 1 : draw < 0.9 ? 2 : 3;
    while (chosen.size() < count) {
      const FaultTemplate candidate = all[random.below(all.size())];
      chosen.push_back(candidate);
      if (is_exclusive_kind(candidate.kind) || !compatible(chosen)) {
        chosen.pop_back();
      }
    }
  }
  return inject_with(chosen, std::move(document), style, key, now_ms, random);
}

FaultyRecord FaultInjector::inject_with(std::span<const FaultTemplate> faults,
                                        ReadingDocument document,
                                        const DocumentStyle& style,
                                        const std::optional<std::string>& key,
                                        std::int64_t now_ms,
                                        Random& random) const {
  FaultyRecord record;
  record.key = key;
  for (const FaultTemplate& fault : faults) {
    if (!record.description.empty()) record.description += '+';
    record.description += describe(fault);
    record.expected.add(reason_for(fault));
  }
  switch (faults.front().kind) {
    case FaultKind::kMalformedJson:
      record.value = make_malformed_json(std::move(document), style, random);
      return record;
    case FaultKind::kEmptyValue: {
      const std::size_t choice = random.below(kEmptyValues.size() + 1);
      if (choice < kEmptyValues.size()) {
        record.value = std::string(kEmptyValues[choice]);
      }  // else: a tombstone
      return record;
    }
    case FaultKind::kTooLarge:
      record.value = too_large_value(std::move(document), style, random);
      return record;
    default: break;
  }
  for (const FaultTemplate& fault : faults) {
    apply(fault, now_ms, random, &document, &record.key);
  }
  record.value = document.serialize(style, random);
  return record;
}

void FaultInjector::apply(const FaultTemplate& fault, std::int64_t now_ms,
                          Random& random, ReadingDocument* document,
                          std::optional<std::string>* key) const {
  const Field field = fault.field;
  if (field == Field::kSensorId &&
      (fault.kind == FaultKind::kMissing || fault.kind == FaultKind::kNull ||
       fault.kind == FaultKind::kEmptyString)) {
    // The key must not be able to stand in for the sensor id.
    const std::size_t choice = random.below(kUselessKeys.size() + 1);
    *key = choice == kUselessKeys.size()
               ? std::nullopt
               : std::optional<std::string>(kUselessKeys[choice]);
  }
  switch (fault.kind) {
    case FaultKind::kMissing: document->remove(field); return;
    case FaultKind::kNull: document->set(field, "null"); return;
    case FaultKind::kEmptyString: document->set(field, "\"\""); return;
    case FaultKind::kWrongType:
      document->set(field, wrong_value(field, random));
      return;
    case FaultKind::kDuplicate:
      if (!document->has(field)) document->set(field, plain_value(field));
      document->duplicate(field, random.chance(0.5)
                                     ? std::string()
                                     : wrong_value(field, random));
      return;
    case FaultKind::kNonFinite:
      document->set(field, std::string(pick(kNonFiniteTokens, random)));
      return;
    case FaultKind::kSpeedOutOfRange:
      document->set(field, ReadingDocument::number(pick(kBadSpeeds, random)));
      return;
    case FaultKind::kVolumeOutOfRange:
      document->set(field, ReadingDocument::number(pick(kBadVolumes, random)));
      return;
    case FaultKind::kInvalidLanes:
      document->set(field, std::string(pick(kBadLanes, random)));
      return;
    case FaultKind::kInvalidDirection:
      document->set(field, std::string(pick(kBadDirections, random)));
      return;
    case FaultKind::kTimestampUnparsable:
    case FaultKind::kTimestampInFuture:
    case FaultKind::kTimestampTooOld:
      document->set(field, ReadingDocument::quote(
                               timestamp_text(now_ms, fault.kind, random)));
      return;
    case FaultKind::kMalformedJson:
    case FaultKind::kEmptyValue:
    case FaultKind::kTooLarge:
      return;  // exclusive kinds are handled by inject_with()
  }
}

std::string FaultInjector::timestamp_text(std::int64_t now_ms, FaultKind kind,
                                          Random& random) const {
  if (kind == FaultKind::kTimestampUnparsable) {
    return std::string(pick(kBadTimestamps, random));
  }
  std::int64_t event_ms = 0;
  if (kind == FaultKind::kTimestampInFuture) {
    event_ms = now_ms + config_.validator.max_clock_skew.count() +
               random.between(1, 6 * kMillisPerHour);
  } else {
    event_ms = now_ms - config_.validator.max_age.count() -
               random.between(1, 400 * kMillisPerDay);
  }
  std::string text = format_iso8601_ms(event_ms);
  // Both spellings of UTC must be judged alike.
  if (random.chance(0.3)) text.replace(text.size() - 1, 1, "+00:00");
  return text;
}

std::string FaultInjector::too_large_value(ReadingDocument document,
                                           const DocumentStyle& style,
                                           Random& random) const {
  // Pad with an unknown string member to just over the limit, or well over.
  ReadingDocument unpadded = document;
  unpadded.add_unknown(Field::kRoot, "padding", "\"\"");
  const std::size_t base = unpadded.serialize(style, random).size();
  const std::size_t target = config_.max_value_bytes + 1 +
                             (random.chance(0.5) ? 0 : random.below(4096));
  const std::size_t padding = target > base ? target - base : 0;
  document.add_unknown(Field::kRoot, "padding",
                       ReadingDocument::quote(std::string(padding, 'x')));
  return document.serialize(style, random);
}

}  // namespace traffic
