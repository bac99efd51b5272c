#include "traffic/core/reading_decoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "traffic/core/iso8601.h"
#include "traffic/core/reading_writer.h"

namespace traffic {
namespace {

using Json = nlohmann::ordered_json;

Json load_corpus(const std::string& name) {
  std::ifstream file(std::string(TRAFFIC_TEST_DATA_DIR) + "/" + name);
  EXPECT_TRUE(file) << name;
  return Json::parse(file);
}

std::string from_hex(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(
        static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return bytes;
}

// One corpus record: optional key and value bytes.
struct CorpusRecord {
  std::optional<std::string> key;
  std::optional<std::string> value;
};

CorpusRecord record_of(const Json& test_case) {
  CorpusRecord record;
  if (test_case.contains("key"))
    record.key = test_case["key"].get<std::string>();
  if (test_case.contains("key_hex")) {
    record.key = from_hex(test_case["key_hex"].get<std::string>());
  }
  if (test_case.contains("value")) record.value = test_case["value"].dump();
  if (test_case.contains("value_text")) {
    record.value = test_case["value_text"].get<std::string>();
  }
  if (test_case.contains("value_hex")) {
    record.value = from_hex(test_case["value_hex"].get<std::string>());
  }
  return record;
}

std::int64_t time_of(const Json& text) {
  const std::optional<std::int64_t> ms =
      parse_iso8601_ms(text.get<std::string>());
  EXPECT_TRUE(ms) << text;
  return ms.value_or(0);
}

ReasonSet decode(ReadingDecoder& decoder, const CorpusRecord& record,
                 std::int64_t now_ms, Reading* out) {
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
  if (record.key) key = *record.key;
  if (record.value) value = *record.value;
  return decoder.decode(key, value, now_ms, out);
}

TEST(traffic_reading_decoder, GoldenValidReadingsFlattenExactly) {
  const Json corpus = load_corpus("golden_valid.json");
  const std::int64_t now_ms = time_of(corpus["now"]);
  const std::string processor_id = corpus["processor_id"];
  const OutputMetadata metadata{time_of(corpus["processed_at"]), processor_id};
  ReadingDecoder decoder;
  Reading reading;
  std::string output;
  ASSERT_GE(corpus["cases"].size(), 15u);
  for (const Json& test_case : corpus["cases"]) {
    SCOPED_TRACE(test_case["name"].get<std::string>());
    const ReasonSet reasons =
        decode(decoder, record_of(test_case), now_ms, &reading);
    ASSERT_TRUE(reasons.empty()) << reasons.to_string();
    write_reading_json(reading, metadata, &output);
    // ordered_json compares member order as well as values.
    EXPECT_EQ(Json::parse(output), test_case["expect_output"]) << output;
  }
}

TEST(traffic_reading_decoder, GoldenInvalidRecordsGetExactlyTheirReasons) {
  const Json corpus = load_corpus("golden_invalid.json");
  const std::int64_t now_ms = time_of(corpus["now"]);
  ReadingDecoder decoder;
  Reading reading;
  ASSERT_GE(corpus["cases"].size(), 40u);
  for (const Json& test_case : corpus["cases"]) {
    SCOPED_TRACE(test_case["name"].get<std::string>());
    std::vector<std::string> expected = test_case["expect_reasons"];
    std::vector<std::string> actual =
        decode(decoder, record_of(test_case), now_ms, &reading).codes();
    std::sort(expected.begin(), expected.end());
    std::sort(actual.begin(), actual.end());
    EXPECT_EQ(actual, expected);
  }
}

TEST(traffic_reading_decoder, GoldenCorpusCoversEveryReasonKind) {
  const Json corpus = load_corpus("golden_invalid.json");
  std::vector<bool> seen(kReasonKindCount, false);
  for (const Json& test_case : corpus["cases"]) {
    for (const std::string code : test_case["expect_reasons"]) {
      const std::optional<Reason> reason = parse_reason_code(code);
      ASSERT_TRUE(reason) << code;
      seen[static_cast<std::size_t>(reason->kind)] = true;
    }
  }
  for (std::size_t kind = 0; kind < kReasonKindCount; ++kind) {
    // too_large needs a 64 KiB value: it is tested in code instead.
    if (static_cast<ReasonKind>(kind) == ReasonKind::kTooLarge) continue;
    EXPECT_TRUE(seen[kind]) << reason_kind_name(static_cast<ReasonKind>(kind));
  }
}

TEST(traffic_reading_decoder, TooLargeIsReportedAlone) {
  DecoderConfig config;
  config.max_value_bytes = 16;
  ReadingDecoder decoder(config);
  Reading reading;
  const ReasonSet reasons = decoder.decode(
      std::nullopt, std::string_view("{\"sensor_id\":\"773869\"}"), 0,
      &reading);
  EXPECT_EQ(reasons.to_string(), "too_large");
  EXPECT_EQ(decoder.config().max_value_bytes, 16u);
}

TEST(traffic_reading_decoder, MalformedIsReportedAloneWhateverElseIsWrong) {
  ReadingDecoder decoder;
  Reading reading;
  // Missing fields and bad values, then a truncation.
  const ReasonSet reasons = decoder.decode(
      std::nullopt, std::string_view(R"({"traffic_data":{"speed_mph":500})"), 0,
      &reading);
  EXPECT_EQ(reasons.to_string(), "malformed_json");
}

TEST(traffic_reading_decoder, ConfigReachesTheValidator) {
  DecoderConfig config;
  config.validator.max_age = std::chrono::hours(1);
  ReadingDecoder decoder(config);
  Reading reading;
  const std::string value =
      R"({"sensor_id":"1","timestamp":"2025-10-05T05:00:00Z",)"
      R"("traffic_data":{"speed_mph":1,"volume_vehicles_per_hour":1},)"
      R"("location":{"highway":"I-5","direction":"N","lanes":2},)"
      R"("weather":{"condition":"clear"}})";
  const std::int64_t now_ms = *parse_iso8601_ms("2025-10-05T06:00:00Z");
  EXPECT_TRUE(decoder.decode(std::nullopt, value, now_ms, &reading).empty());
  EXPECT_EQ(
      decoder.decode(std::nullopt, value, now_ms + 1, &reading).to_string(),
      "timestamp_too_old");
}

}  // namespace
}  // namespace traffic
