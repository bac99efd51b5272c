// Fuzz target: record headers — sluice::Headers (record.h), the dead-letter
// headers the traffic app writes (dead_letter.h) and the decoding of its
// traffic.reasons header back into reason codes.
//
// Input: byte 0 chooses the check (mod 3); FuzzedDataProvider reads the rest.
//
// Properties:
//  0. Headers behaves as a list of (key, nullable value): add() appends,
//     remove() drops every header of a key, clear() drops all, last_value()
//     is the last header's value of that key (nullptr for none or a null
//     value); a copy keeps what it held whatever is done to the original
//     later (the list is shared until one of them changes);
//  1. add_dead_letter_headers() keeps the input's headers first and appends
//     exactly the six documented ones for any facts (any bytes as topic and
//     processor id, any numbers): traffic.reasons decodes back to the same
//     reason set, traffic.error is JSON with the same reasons, partition,
//     offset, sizes and flags, and its timestamps read back to the facts'
//     (within years 0000-9999, which format_iso8601_ms() can write);
//  2. any traffic.reasons text either fails to decode or decodes to a set
//     whose text decodes to the same set again.
#include <fuzzer/FuzzedDataProvider.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.h"
#include "traffic/core/iso8601.h"
#include "traffic/dead_letter.h"

namespace traffic {
namespace {

std::vector<std::string> split_codes(std::string_view text) {
  std::vector<std::string> codes;
  if (text.empty()) return codes;
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = text.find(',', begin);
    codes.emplace_back(text.substr(begin, comma - begin));
    if (comma == std::string_view::npos) return codes;
    begin = comma + 1;
  }
}

void check_headers_model(FuzzedDataProvider& in) {
  sluice::Headers headers;
  std::vector<sluice::Header> model;
  std::vector<std::pair<sluice::Headers, std::vector<sluice::Header>>> copies;
  const std::string keys[] = {"a", "b", "traffic.gen.sent_at_ms", ""};
  while (in.remaining_bytes() > 0) {
    const std::string& key = keys[in.ConsumeIntegralInRange(0, 3)];
    switch (in.ConsumeIntegralInRange(0, 4)) {
      case 0: {
        std::optional<std::string> value;
        if (in.ConsumeBool()) value = in.ConsumeRandomLengthString(16);
        headers.add(key, value);
        model.push_back({key, value});
        break;
      }
      case 1:
        headers.remove(key);
        std::erase_if(model,
                      [&](const sluice::Header& h) { return h.key == key; });
        break;
      case 2: {
        const std::string* got = headers.last_value(key);
        const sluice::Header* last = nullptr;
        for (const sluice::Header& h : model) {
          if (h.key == key) last = &h;
        }
        if (last == nullptr || !last->value) {
          FUZZ_CHECK(got == nullptr, "no value: nullptr");
        } else {
          FUZZ_CHECK(got != nullptr && *got == *last->value,
                     "the last header's value");
        }
        break;
      }
      case 3: copies.emplace_back(headers, model); break;
      case 4:
        headers.clear();
        model.clear();
        break;
    }
  }
  FUZZ_CHECK(
      std::vector<sluice::Header>(headers.begin(), headers.end()) == model,
      "headers are the list of what was added");
  for (const auto& [copy, then] : copies) {
    FUZZ_CHECK(std::vector<sluice::Header>(copy.begin(), copy.end()) == then,
               "a copy keeps what it held");
  }
}

bool writable_year(std::int64_t ms) {
  // 0000-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z
  return ms >= -62'167'219'200'000 && ms <= 253'402'300'799'999;
}

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

void check_dead_letter_headers(FuzzedDataProvider& in) {
  ReasonSet reasons;
  const std::vector<std::uint8_t> picks = in.ConsumeBytes<std::uint8_t>(
      in.ConsumeIntegralInRange<std::size_t>(1, 8));
  for (const std::uint8_t pick : picks) {
    const auto kind = static_cast<ReasonKind>(pick % kReasonKindCount);
    const auto field = is_field_scoped(kind)
                           ? static_cast<Field>(1 + (pick / kReasonKindCount) %
                                                        (kFieldCount - 1))
                           : Field::kRoot;
    reasons.add({kind, field});
  }
  if (reasons.empty()) return;
  const std::string topic = in.ConsumeRandomLengthString(64);
  const std::string processor_id = in.ConsumeRandomLengthString(64);
  DeadLetterFacts facts;
  facts.topic = topic;
  facts.partition = in.ConsumeIntegral<std::int32_t>();
  facts.offset = in.ConsumeIntegral<std::int64_t>();
  facts.timestamp_ms = in.ConsumeIntegral<std::int64_t>();
  facts.key_null = in.ConsumeBool();
  facts.value_null = in.ConsumeBool();
  facts.value_bytes = in.ConsumeIntegral<std::size_t>();
  facts.processor_id = processor_id;
  facts.processed_at_ms = in.ConsumeIntegral<std::int64_t>();

  sluice::Headers headers{{"traffic.gen.seq", "7"}, {"x", std::nullopt}};
  const sluice::Headers input = headers;
  add_dead_letter_headers(reasons, facts, &headers);
  const std::vector<sluice::Header> all(headers.begin(), headers.end());
  FUZZ_CHECK(all.size() == input.size() + 6, "six headers are appended");
  FUZZ_CHECK(std::equal(input.begin(), input.end(), all.begin()),
             "the input's headers come first, unchanged");

  const std::optional<ReasonSet> decoded =
      ReasonSet::from_codes(split_codes(*headers.last_value(kReasonsHeader)));
  FUZZ_CHECK(decoded == reasons, "traffic.reasons decodes to the reasons");
  FUZZ_CHECK(*headers.last_value(kSourceTopicHeader) == topic, "topic header");
  std::int32_t partition = 0;
  const std::string& p = *headers.last_value(kSourcePartitionHeader);
  FUZZ_CHECK(std::from_chars(p.data(), p.data() + p.size(), partition).ec ==
                     std::errc() &&
                 partition == facts.partition,
             "partition header");

  const std::string& text = *headers.last_value(kErrorHeader);
  const nlohmann::json envelope =
      nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  FUZZ_CHECK(envelope.is_object(), "traffic.error is a JSON object");
  FUZZ_CHECK(envelope["reasons"] == reasons.codes(), "envelope reasons");
  FUZZ_CHECK(envelope["source"]["partition"] == facts.partition &&
                 envelope["source"]["offset"] == facts.offset,
             "envelope source");
  FUZZ_CHECK(envelope["original"]["key_null"] == facts.key_null &&
                 envelope["original"]["value_null"] == facts.value_null &&
                 envelope["original"]["value_bytes"] == facts.value_bytes,
             "envelope original");
  if (is_ascii(topic) && is_ascii(processor_id)) {
    FUZZ_CHECK(envelope["source"]["topic"] == topic &&
                   envelope["processor_id"] == processor_id,
               "envelope strings");
  }
  for (const auto& [member, ms] :
       {std::pair{envelope["source"]["timestamp"], facts.timestamp_ms},
        std::pair{envelope["processed_at"], facts.processed_at_ms}}) {
    if (!writable_year(ms)) continue;
    FUZZ_CHECK(parse_iso8601_ms(member.get<std::string>()) == ms,
               "envelope timestamps read back");
  }
}

void check_reasons_text(FuzzedDataProvider& in) {
  const std::string text = in.ConsumeRemainingBytesAsString();
  const std::optional<ReasonSet> set = ReasonSet::from_codes(split_codes(text));
  if (!set) return;
  FUZZ_CHECK(ReasonSet::from_codes(split_codes(set->to_string())) == set,
             "decoded reasons encode and decode to themselves");
}

}  // namespace
}  // namespace traffic

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  FuzzedDataProvider in(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0: traffic::check_headers_model(in); break;
    case 1: traffic::check_dead_letter_headers(in); break;
    case 2: traffic::check_reasons_text(in); break;
  }
  return 0;
}
