#include "traffic/dead_letter.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace traffic {
namespace {

ReasonSet two_reasons() {
  ReasonSet reasons;
  reasons.add({ReasonKind::kInvalidDirection, Field::kRoot});
  reasons.add({ReasonKind::kMissingField, Field::kLanes});
  return reasons;
}

DeadLetterFacts facts() {
  DeadLetterFacts f;
  f.topic = "traffic-raw";
  f.partition = 2;
  f.offset = 1041;
  f.timestamp_ms = 1795442401020;
  f.value_bytes = 312;
  f.processor_id = "stream-processor-client";
  f.processed_at_ms = 1795442401101;
  return f;
}

TEST(traffic_dead_letter, EnvelopeIsTheDocumentedJson) {
  std::string envelope;
  write_error_envelope(two_reasons(), facts(), &envelope);
  EXPECT_EQ(
      envelope,
      R"({"reasons":["invalid_direction","missing_field:location.lanes"],)"
      R"("source":{"topic":"traffic-raw","partition":2,"offset":1041,)"
      R"("timestamp":"2026-11-23T14:00:01.020Z"},)"
      R"("original":{"key_null":false,"value_null":false,"value_bytes":312},)"
      R"("processor_id":"stream-processor-client",)"
      R"("processed_at":"2026-11-23T14:00:01.101Z"})");
}

TEST(traffic_dead_letter, InvalidUtf8InTheFactsBecomesReplacementCharacters) {
  DeadLetterFacts f = facts();
  f.topic = "raw\xFF";
  f.processor_id =
      "stream-pro\xE3"
      "essor";
  std::string envelope;
  write_error_envelope(two_reasons(), f, &envelope);
  const nlohmann::json j = nlohmann::json::parse(envelope, nullptr, false);
  ASSERT_TRUE(j.is_object()) << envelope;
  EXPECT_EQ(j["source"]["topic"], "raw\xEF\xBF\xBD");
  EXPECT_EQ(j["processor_id"],
            "stream-pro\xEF\xBF\xBD"
            "essor");
}

TEST(traffic_dead_letter, HeadersFollowTheInputsOwn) {
  sluice::Headers headers{{"trace", "abc"}};
  add_dead_letter_headers(two_reasons(), facts(), &headers);
  std::vector<std::string> keys;
  for (const sluice::Header& h : headers) keys.push_back(h.key);
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "trace", "traffic.reasons", "traffic.error",
                      "traffic.source.topic", "traffic.source.partition",
                      "traffic.source.offset", "traffic.source.timestamp"}));
  EXPECT_EQ(*headers.last_value(kReasonsHeader),
            "invalid_direction,missing_field:location.lanes");
  EXPECT_EQ(*headers.last_value(kSourceOffsetHeader), "1041");
  EXPECT_EQ(*headers.last_value(kSourceTimestampHeader), "1795442401020");
}

}  // namespace
}  // namespace traffic
