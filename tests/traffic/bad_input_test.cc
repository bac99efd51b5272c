// Bad input through the real traffic topology (build_topology(), run by
// KafkaStreams on an EmbeddedCluster): malformed and truncated JSON, wrong
// types, missing and null fields, NaN/Infinity/huge numbers, absurd
// timestamps, invalid UTF-8, empty and null keys and values, duplicate keys,
// deep nesting, ~1 MB records and binary garbage, mixed with valid readings.
//
// Each record carries a "bad_input.case" header. Checked:
//  * every invalid record is in the DLQ topic exactly once, with its key
//    and value bytes, and exactly the expected reason codes (header and
//    envelope); every valid one is in the events topic exactly once;
//  * the instance stays RUNNING and no record went through sluice's
//    processing-error path (nothing threw);
//  * in = valid + dead-lettered, both by the app's metrics and by the
//    topics read back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sluice/sluice.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"
#include "traffic/core/field.h"
#include "traffic/core/iso8601.h"
#include "traffic/core/random.h"
#include "traffic/dead_letter.h"
#include "traffic/topology.h"

namespace traffic {
namespace {

using Json = nlohmann::ordered_json;
using Message = sluice::testing::Message;
using namespace std::chrono_literals;

constexpr std::string_view kCaseHeader = "bad_input.case";

struct Case {
  std::string name;
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::set<std::string> reasons;  // empty: valid
  std::int64_t timestamp_ms = 0;  // record timestamp; 0: the test's now
};

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A valid nested reading with every optional field.
Json base_reading(std::int64_t event_ms) {
  return Json::parse(R"({"sensor_id":"773869","timestamp":")" +
                     format_iso8601_ms(event_ms) + R"(",
    "traffic_data":{"speed_mph":31.6,"volume_vehicles_per_hour":2203,
                    "occupancy":0.12},
    "location":{"highway":"I-10","direction":"E","lanes":5,
                "latitude":34.05,"longitude":-118.25},
    "weather":{"condition":"cloudy","temperature_f":68.5}})");
}

Json::json_pointer pointer_of(const FieldInfo& info) {
  std::string path = "/" + std::string(info.name);
  std::replace(path.begin(), path.end(), '.', '/');
  return Json::json_pointer(path);
}

// A value of a JSON kind `kind` does not accept.
Json wrong_value(FieldKind kind, int variant) {
  switch (kind) {
    case FieldKind::kString: return variant == 0 ? Json(42) : Json(true);
    case FieldKind::kNumber: return variant == 0 ? Json("42") : Json::object();
    case FieldKind::kObject: return variant == 0 ? Json::array() : Json("x");
  }
  return Json();
}

// Replaces the first occurrence of `from` in `text`.
std::string replaced(std::string text, std::string_view from,
                     std::string_view to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::vector<Case> field_cases(std::int64_t event_ms) {
  std::vector<Case> cases;
  const std::string key = "773869";
  for (std::size_t i = 1; i < kFieldCount; ++i) {
    const FieldInfo& info = kFieldInfos[i];
    const std::string name(info.name);
    const bool id = static_cast<Field>(i) == Field::kSensorId;
    for (int variant = 0; variant < 2; ++variant) {
      Json doc = base_reading(event_ms);
      doc[pointer_of(info)] = wrong_value(info.kind, variant);
      cases.push_back({"wrong_type_" + std::to_string(variant) + "_" + name,
                       key,
                       doc.dump(),
                       {"wrong_type:" + name}});
    }
    Json missing = base_reading(event_ms);
    missing[pointer_of(info).parent_pointer()].erase(std::string(info.key));
    Json null = base_reading(event_ms);
    null[pointer_of(info)] = nullptr;
    std::set<std::string> reasons;
    if (info.required) reasons.insert("missing_field:" + name);
    // Without a record key nothing can stand in for sensor_id.
    const std::optional<std::string> record_key =
        id ? std::nullopt : std::optional(key);
    cases.push_back({"missing_" + name, record_key, missing.dump(), reasons});
    cases.push_back({"null_" + name, record_key, null.dump(), reasons});
    if (id) {
      cases.push_back(
          {"missing_sensor_id_key_stands_in", key, missing.dump(), {}});
      cases.push_back({"missing_sensor_id_empty_key",
                       "",
                       missing.dump(),
                       {"missing_field:sensor_id"}});
      cases.push_back({"missing_sensor_id_key_not_utf8",
                       "\xff\xfe\x80",
                       missing.dump(),
                       {"missing_field:sensor_id"}});
    }
    if (info.kind == FieldKind::kString || info.kind == FieldKind::kNumber) {
      // The same key twice in its object.
      const std::string member =
          "\"" + std::string(info.key) +
          "\":" + base_reading(event_ms)[pointer_of(info)].dump();
      cases.push_back({"duplicate_" + name,
                       key,
                       replaced(base_reading(event_ms).dump(), member,
                                member + "," + member),
                       {"duplicate_field:" + name}});
    }
  }
  return cases;
}

std::string nested(int depth, std::string_view open, std::string_view close) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

std::string garbage(std::size_t size, std::uint64_t seed) {
  Random random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random.below(256));
  bytes[0] = '\x9c';  // never '{' or whitespace: not an object, not empty
  return bytes;
}

std::vector<Case> value_cases(std::int64_t now_ms, std::int64_t event_ms) {
  const std::string key = "773869";
  const std::string good = base_reading(event_ms).dump();
  const auto with = [&](std::string_view from, std::string_view to) {
    return replaced(good, from, to);
  };
  const std::string speed = "\"speed_mph\":31.6";
  const std::string stamp =
      "\"timestamp\":\"" + format_iso8601_ms(event_ms) + "\"";
  const auto at_time = [&](std::string_view text) {
    return with(stamp, "\"timestamp\":\"" + std::string(text) + "\"");
  };
  const std::string malformed = "malformed_json";
  std::string padded = good;
  padded.insert(1,
                "\"pad\":\"" + std::string(kDefaultMaxValueBytes, 'x') + "\",");
  std::string at_limit = good;
  at_limit.insert(1, "\"pad\":\"\",");
  at_limit.insert(8, std::string(kDefaultMaxValueBytes - at_limit.size(), 'x'));
  std::vector<Case> cases = {
      {"valid", key, good, {}},
      {"valid_null_key", std::nullopt, good, {}},
      {"valid_empty_key", "", good, {}},
      {"valid_huge_key", std::string(100'000, 'k'), good, {}},
      {"valid_exactly_at_size_limit", key, at_limit, {}},
      {"valid_escaped_nul_in_highway",
       key,
       with("\"I-10\"", "\"I\\u0000\""),
       {}},
      {"valid_negative_zero_speed", key, with(speed, "\"speed_mph\":-0.0"), {}},
      {"valid_nesting_64_deep",
       key,
       with("{\"sensor_id\"",
            "{\"deep\":" + nested(63, "[", "]") + ",\"sensor_id\""),
       {}},
      // Empty and null values.
      {"tombstone", key, std::nullopt, {"empty_value"}},
      {"tombstone_null_key", std::nullopt, std::nullopt, {"empty_value"}},
      {"empty_value", key, "", {"empty_value"}},
      {"empty_value_empty_key", "", "", {"empty_value"}},
      {"whitespace_value", key, " \t\r\n ", {"empty_value"}},
      {"json_null", key, " null ", {"empty_value"}},
      // Malformed and truncated JSON.
      {"truncated_half", key, good.substr(0, good.size() / 2), {malformed}},
      {"truncated_last_brace",
       key,
       good.substr(0, good.size() - 1),
       {malformed}},
      {"truncated_in_string",
       key,
       good.substr(0, good.find("I-1") + 3),
       {malformed}},
      {"open_brace", key, "{", {malformed}},
      {"trailing_comma", key, with("}}", "},}}"), {malformed}},
      {"single_quotes", key, "{'sensor_id':'773869'}", {malformed}},
      {"unquoted_key", key, with("\"sensor_id\"", "sensor_id"), {malformed}},
      {"trailing_garbage", key, good + "x", {malformed}},
      {"two_objects", key, good + good, {malformed}},
      {"array", key, "[" + good + "]", {malformed}},
      {"string", key, "\"773869\"", {malformed}},
      {"number", key, "31.6", {malformed}},
      {"bool", key, "true", {malformed}},
      {"comment", key, "/* c */" + good, {malformed}},
      {"bad_escape", key, with("I-10", "I\\x10"), {malformed}},
      {"lone_surrogate", key, with("I-10", "\\ud800"), {malformed}},
      {"raw_control_char", key, with("I-10", "I\n10"), {malformed}},
      {"raw_nul",
       key,
       with("I-10", std::string_view("I\0"
                                     "10",
                                     4)),
       {malformed}},
      {"nul_after_object", key, good + std::string(1, '\0'), {malformed}},
      {"leading_zero_number",
       key,
       with(speed, "\"speed_mph\":031.6"),
       {malformed}},
      {"plus_number", key, with(speed, "\"speed_mph\":+31.6"), {malformed}},
      {"nan_lower_case", key, with(speed, "\"speed_mph\":nan"), {malformed}},
      // Invalid UTF-8.
      {"utf8_invalid_byte_in_string",
       key,
       with("I-10",
            "I\xff"
            "10"),
       {malformed}},
      {"utf8_overlong",
       key,
       with("I-10",
            "I\xc0\xaf"
            "10"),
       {malformed}},
      {"utf8_truncated_sequence", key, with("I-10", "I\xe2\x82"), {malformed}},
      {"utf8_surrogate_encoded",
       key,
       with("I-10", "\xed\xa0\x80"),
       {malformed}},
      {"utf8_in_key",
       key,
       with("{\"sensor_id\"", "{\"\xfe\":1,\"sensor_id\""),
       {malformed}},
      {"utf8_bom", key, "\xef\xbb\xbf" + good, {malformed}},
      {"utf8_latin1_value", key, "{\"sensor_id\":\"caf\xe9\"}", {malformed}},
      // NaN, Infinity, huge numbers.
      {"nan_speed",
       key,
       with(speed, "\"speed_mph\":NaN"),
       {"non_finite:traffic_data.speed_mph"}},
      {"infinity_volume",
       key,
       with("\"volume_vehicles_per_hour\":2203",
            "\"volume_vehicles_per_hour\":Infinity"),
       {"non_finite:traffic_data.volume_vehicles_per_hour"}},
      {"minus_infinity_latitude",
       key,
       with("\"latitude\":34.05", "\"latitude\":-Infinity"),
       {"non_finite:location.latitude"}},
      {"overflow_temperature",
       key,
       with("\"temperature_f\":68.5", "\"temperature_f\":1e400"),
       {"non_finite:weather.temperature_f"}},
      {"overflow_lanes_digits",
       key,
       with("\"lanes\":5", "\"lanes\":" + std::string(400, '9')),
       {"non_finite:location.lanes"}},
      {"huge_speed",
       key,
       with(speed, "\"speed_mph\":1.7e308"),
       {"speed_out_of_range"}},
      {"huge_volume",
       key,
       with("\"volume_vehicles_per_hour\":2203",
            "\"volume_vehicles_per_hour\":99999999999999999999999"),
       {"volume_out_of_range"}},
      {"negative_speed",
       key,
       with(speed, "\"speed_mph\":-1e-300"),
       {"speed_out_of_range"}},
      {"huge_lanes",
       key,
       with("\"lanes\":5", "\"lanes\":2147483648"),
       {"invalid_lanes"}},
      {"tiny_lanes",
       key,
       with("\"lanes\":5", "\"lanes\":5e-324"),
       {"invalid_lanes"}},
      {"nan_in_unknown_field",
       key,
       with("{\"sensor_id\"", "{\"x\":NaN,\"sensor_id\""),
       {}},
      // Timestamps.
      {"timestamp_negative_year",
       key,
       at_time("-0001-01-01T00:00:00Z"),
       {"timestamp_unparsable"}},
      {"timestamp_year_0",
       key,
       at_time("0000-01-01T00:00:00Z"),
       {"timestamp_too_old"}},
      {"timestamp_epoch",
       key,
       at_time("1970-01-01T00:00:00Z"),
       {"timestamp_too_old"}},
      {"timestamp_year_9999",
       key,
       at_time("9999-12-31T23:59:59.999Z"),
       {"timestamp_in_future"}},
      {"timestamp_year_5_digits",
       key,
       at_time("10000-01-01T00:00:00Z"),
       {"timestamp_unparsable"}},
      {"timestamp_month_13",
       key,
       at_time("2025-13-01T00:00:00Z"),
       {"timestamp_unparsable"}},
      {"timestamp_feb_30",
       key,
       at_time("2025-02-30T00:00:00Z"),
       {"timestamp_unparsable"}},
      {"timestamp_leap_second",
       key,
       at_time("2016-12-31T23:59:60Z"),
       {"timestamp_unparsable"}},
      {"timestamp_empty", key, at_time(""), {"timestamp_unparsable"}},
      {"timestamp_huge_offset",
       key,
       at_time("2025-10-05T07:40:00+99:00"),
       {"timestamp_unparsable"}},
      {"timestamp_as_epoch_ms",
       key,
       with(stamp, "\"timestamp\":" + std::to_string(event_ms)),
       {"wrong_type:timestamp"}},
      {"record_timestamp_year_9999",
       key,
       good,
       {"timestamp_too_old"},
       253'402'300'799'000},
      {"record_timestamp_epoch", key, good, {"timestamp_in_future"}, 1},
      // Duplicate objects and keys spelled differently.
      {"duplicate_location_object",
       key,
       with("\"weather\":", "\"location\":{},\"weather\":"),
       {"duplicate_field:location"}},
      {"duplicate_speed_escaped",
       key,
       with(speed, speed + ",\"speed\\u005fmph\":40"),
       {"duplicate_field:traffic_data.speed_mph"}},
      // Nesting.
      {"nesting_65_deep",
       key,
       with("{\"sensor_id\"",
            "{\"deep\":" + nested(64, "[", "]") + ",\"sensor_id\""),
       {malformed}},
      {"nesting_10000_arrays", key, nested(10'000, "[", "]"), {malformed}},
      {"nesting_10000_objects",
       key,
       "{" + nested(9'999, "\"a\":{", "}") + "}",
       {malformed}},
      {"nesting_20000_open_brackets",
       key,
       std::string(20'000, '['),
       {malformed}},
      // Size.
      {"one_byte_over_limit", key, at_limit + " ", {"too_large"}},
      {"padded_reading_over_limit", key, padded, {"too_large"}},
      {"one_mb_reading",
       key,
       with("{\"sensor_id\"",
            "{\"pad\":\"" + std::string(990'000, 'x') + "\",\"sensor_id\""),
       {"too_large"}},
      {"one_mb_garbage", key, garbage(990'000, 1), {"too_large"}},
      // Binary garbage.
      {"garbage_small", key, garbage(64, 2), {malformed}},
      {"garbage_1k", std::nullopt, garbage(1024, 3), {malformed}},
      {"garbage_key_and_value", garbage(32, 4), garbage(300, 5), {malformed}},
      // Several failures at once.
      {"many_failures",
       std::nullopt,
       replaced(replaced(with(speed, "\"speed_mph\":200"), "\"E\"", "\"NE\""),
                "\"sensor_id\":\"773869\",", ""),
       {"missing_field:sensor_id", "speed_out_of_range", "invalid_direction"}},
  };
  for (Case& c : cases) {
    if (c.timestamp_ms == 0) c.timestamp_ms = now_ms;
  }
  return cases;
}

std::set<std::string> split_codes(const std::string& text) {
  std::set<std::string> codes;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t comma = std::min(text.find(',', begin), text.size());
    codes.insert(text.substr(begin, comma - begin));
    begin = comma + 1;
  }
  return codes;
}

std::size_t case_of(const Message& m, std::size_t count) {
  const auto it = m.headers.find(std::string(kCaseHeader));
  EXPECT_NE(it, m.headers.end()) << "a record without " << kCaseHeader;
  if (it == m.headers.end()) return count;
  return std::stoul(it->second);
}

// Runs `cases` through the topology and checks everything the file comment
// lists.
void run_cases(const std::vector<Case>& cases, const std::string& name) {
  const std::string suffix = "-" + name + "-" + std::to_string(::getpid());
  TopologyOptions topo;
  topo.input_topic = "bad-raw" + suffix;
  topo.output_topic = "bad-events" + suffix;
  topo.dlq_topic = "bad-dlq" + suffix;
  topo.agg_topic = "bad-aggregates" + suffix;
  sluice::testing::EmbeddedCluster cluster(1);
  for (const std::string& t :
       {topo.input_topic, topo.output_topic, topo.dlq_topic, topo.agg_topic}) {
    ASSERT_TRUE(cluster.create_topic(t, 2).ok());
  }
  const std::string bootstrap = cluster.bootstrap_servers();

  std::vector<Message> messages;
  std::size_t valid = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    Message m;
    m.key = cases[i].key;
    m.value = cases[i].value;
    m.timestamp_ms = cases[i].timestamp_ms;
    m.headers[std::string(kCaseHeader)] = std::to_string(i);
    messages.push_back(std::move(m));
    if (cases[i].reasons.empty()) ++valid;
  }
  const std::size_t invalid = cases.size() - valid;

  const std::filesystem::path state_dir =
      std::filesystem::temp_directory_path() / ("traffic-bad-input" + suffix);
  std::cout << name << ": " << cases.size() << " records, " << valid
            << " valid, " << invalid << " to be dead-lettered\n";
  auto metrics = std::make_shared<AppMetrics>();
  sluice::KafkaStreams streams(
      build_topology(topo, metrics),
      sluice::StreamsConfig{{"application.id", "traffic-bad-input" + suffix},
                            {"bootstrap.servers", bootstrap},
                            {"commit.interval.ms", "100"},
                            {"state.dir", state_dir.string()},
                            {"consumer.fetch.wait.max.ms", "10"}});
  ASSERT_TRUE(streams.start().ok());
  ASSERT_TRUE(
      streams.wait_for_state(sluice::KafkaStreams::State::kRunning, 60s));
  // Half first, then the rest once the app has come through the first half.
  const auto half = messages.begin() + static_cast<long>(messages.size() / 2);
  sluice::testing::produce(bootstrap, topo.input_topic,
                           {messages.begin(), half});
  sluice::testing::produce(bootstrap, topo.input_topic, {half, messages.end()});
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (metrics->readings() < cases.size() &&
         std::chrono::steady_clock::now() < deadline) {
    ASSERT_EQ(streams.state(), sluice::KafkaStreams::State::kRunning)
        << streams.error_message();
    std::this_thread::sleep_for(10ms);
  }
  std::this_thread::sleep_for(300ms);  // a commit

  EXPECT_EQ(streams.state(), sluice::KafkaStreams::State::kRunning)
      << streams.error_message();
  EXPECT_EQ(metrics->readings(), cases.size());
  EXPECT_EQ(metrics->valid(), valid);
  EXPECT_EQ(metrics->dead_lettered(), invalid);
  EXPECT_EQ(metrics->readings(), metrics->valid() + metrics->dead_lettered());
  EXPECT_EQ(sluice::metric_sum(streams.metrics(), "dead-letter-records-total"),
            0)
      << "a record made the topology throw";
  std::map<std::string, std::uint64_t> reason_counts;
  for (const Case& c : cases) {
    for (const std::string& code : c.reasons) ++reason_counts[code];
  }
  EXPECT_EQ(metrics->dead_letter_reasons(), reason_counts);
  EXPECT_TRUE(streams.close(30s));
  std::filesystem::remove_all(state_dir);

  const auto events =
      sluice::testing::read_topic(bootstrap, topo.output_topic, valid, 60s);
  const auto dlq =
      sluice::testing::read_topic(bootstrap, topo.dlq_topic, invalid, 60s);
  EXPECT_EQ(events.size(), valid);
  EXPECT_EQ(dlq.size(), invalid);
  EXPECT_EQ(events.size() + dlq.size(), cases.size());
  std::vector<int> seen(cases.size(), 0);
  for (const Message& m : events) {
    const std::size_t i = case_of(m, cases.size());
    ASSERT_LT(i, cases.size());
    ++seen[i];
    EXPECT_TRUE(cases[i].reasons.empty())
        << cases[i].name << " is valid, expected " << cases[i].reasons.size()
        << " reasons";
  }
  for (const Message& m : dlq) {
    const std::size_t i = case_of(m, cases.size());
    ASSERT_LT(i, cases.size());
    ++seen[i];
    const Case& c = cases[i];
    const auto reasons = m.headers.find(std::string(kReasonsHeader));
    ASSERT_NE(reasons, m.headers.end()) << c.name;
    EXPECT_EQ(split_codes(reasons->second), c.reasons)
        << c.name << ": " << reasons->second;
    // The original bytes; a null key or value comes back empty (a sluice
    // sink always writes bytes), and the envelope says it was null.
    // A value over kMaxDeadLetterValueBytes comes with its first bytes only.
    const std::string original = c.value.value_or("");
    const bool truncated = original.size() > kMaxDeadLetterValueBytes;
    EXPECT_EQ(m.value.value_or(""),
              original.substr(0, kMaxDeadLetterValueBytes))
        << c.name;
    const auto cut = m.headers.find(std::string(kTruncatedHeader));
    EXPECT_EQ(cut != m.headers.end(), truncated) << c.name;
    if (truncated && cut != m.headers.end()) {
      EXPECT_EQ(cut->second, std::to_string(original.size())) << c.name;
    }
    EXPECT_EQ(m.key.value_or(""), c.key.value_or("")) << c.name;
    EXPECT_EQ(m.timestamp_ms, c.timestamp_ms) << c.name;
    const Json envelope = Json::parse(m.headers.at(std::string(kErrorHeader)));
    EXPECT_EQ(envelope["original"]["value_null"], !c.value.has_value())
        << c.name;
    EXPECT_EQ(envelope["original"]["key_null"], !c.key.has_value()) << c.name;
    EXPECT_EQ(envelope["original"]["value_bytes"], c.value.value_or("").size())
        << c.name;
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(seen[i], 1) << cases[i].name << " came out " << seen[i]
                          << " times";
  }
}

TEST(traffic_bad_input, EveryRecordEndsInEventsOrDlqWithItsReasons) {
  const std::int64_t now = wall_ms();
  std::vector<Case> cases = value_cases(now, now - 60'000);
  for (Case& c : field_cases(now - 60'000)) {
    c.timestamp_ms = now;
    cases.push_back(std::move(c));
  }
  run_cases(cases, "corpus");
}

// A 999,500-byte value fits into the input topic, but its DLQ copy with
// the dead-letter headers (~500 bytes) would be over the broker's
// message.max.bytes, and the sink's error would stop the app: the copy is
// truncated instead (found by this test before the fix).
TEST(traffic_bad_input, ValueJustUnderTheBrokerLimitIsDeadLettered) {
  const std::int64_t now = wall_ms();
  run_cases(
      {{"garbage_999500", "773869", garbage(999'500, 6), {"too_large"}, now}},
      "near-limit");
}

}  // namespace
}  // namespace traffic
