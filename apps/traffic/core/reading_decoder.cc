#include "traffic/core/reading_decoder.h"

namespace traffic {

ReadingDecoder::ReadingDecoder(DecoderConfig config)
    : config_(config),
      parser_(config.max_value_bytes),
      validator_(config.validator) {}

ReasonSet ReadingDecoder::decode(std::optional<std::string_view> key,
                                 std::optional<std::string_view> value,
                                 std::int64_t now_ms, Reading* out) {
  ReasonSet reasons;
  switch (parser_.parse(value, &raw_)) {
    case ParseOutcome::kOk: return validator_.validate(raw_, key, now_ms, out);
    case ParseOutcome::kEmptyValue:
      reasons.add({ReasonKind::kEmptyValue, Field::kRoot});
      break;
    case ParseOutcome::kTooLarge:
      reasons.add({ReasonKind::kTooLarge, Field::kRoot});
      break;
    case ParseOutcome::kMalformedJson:
      reasons.add({ReasonKind::kMalformedJson, Field::kRoot});
      break;
  }
  return reasons;
}

}  // namespace traffic
