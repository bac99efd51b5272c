#include "traffic/core/reading_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace traffic {
namespace {

constexpr std::string_view kClean =
    R"({"sensor_id":"773869","timestamp":"2025-10-05T07:42:44.651Z",)"
    R"("traffic_data":{"speed_mph":31.6,"volume_vehicles_per_hour":2203},)"
    R"("location":{"highway":"I-10","direction":"E","lanes":5},)"
    R"("weather":{"condition":"cloudy"}})";

class ParserHarness {
 public:
  explicit ParserHarness(std::size_t limit = kDefaultMaxValueBytes)
      : parser_(limit) {}
  ParseOutcome parse(std::optional<std::string_view> value) {
    return parser_.parse(value, &raw_);
  }
  const RawReading& raw() const { return raw_; }

 private:
  ReadingParser parser_;
  RawReading raw_;
};

// `kClean` with an unknown member `"x":<json>` added to traffic_data.
std::string with_extra(std::string_view json) {
  std::string text(kClean);
  text.insert(text.find("\"speed_mph\""), "\"x\":" + std::string(json) + ",");
  return text;
}

TEST(traffic_reading_parser, ExtractsKnownFields) {
  ParserHarness parser;
  ASSERT_EQ(parser.parse(kClean), ParseOutcome::kOk);
  const RawReading& raw = parser.raw();
  EXPECT_EQ(raw[Field::kSensorId].state, FieldState::kPresent);
  EXPECT_EQ(raw[Field::kSensorId].text, "773869");
  EXPECT_EQ(raw[Field::kTimestamp].text, "2025-10-05T07:42:44.651Z");
  EXPECT_EQ(raw[Field::kTrafficData].state, FieldState::kPresent);
  EXPECT_EQ(raw[Field::kSpeedMph].number, 31.6);
  EXPECT_EQ(raw[Field::kVolume].number, 2203);
  EXPECT_EQ(raw[Field::kOccupancy].state, FieldState::kAbsent);
  EXPECT_EQ(raw[Field::kHighway].text, "I-10");
  EXPECT_EQ(raw[Field::kDirection].text, "E");
  EXPECT_EQ(raw[Field::kLanes].number, 5);
  EXPECT_EQ(raw[Field::kCondition].text, "cloudy");
  EXPECT_EQ(raw[Field::kTemperatureF].state, FieldState::kAbsent);
}

TEST(traffic_reading_parser, EmptyValues) {
  ParserHarness parser;
  for (std::optional<std::string_view> value :
       {std::optional<std::string_view>(), std::optional<std::string_view>(""),
        std::optional<std::string_view>(" \t\r\n"),
        std::optional<std::string_view>("null"),
        std::optional<std::string_view>("\n null \n")}) {
    EXPECT_EQ(parser.parse(value), ParseOutcome::kEmptyValue)
        << (value ? *value : "<tombstone>");
  }
}

TEST(traffic_reading_parser, SizeLimitIsInclusive) {
  const std::string value(kClean);
  ParserHarness exact(value.size());
  EXPECT_EQ(exact.parse(value), ParseOutcome::kOk);
  ParserHarness smaller(value.size() - 1);
  EXPECT_EQ(smaller.parse(value), ParseOutcome::kTooLarge);
  // Size is checked before syntax.
  EXPECT_EQ(smaller.parse(std::string(value.size(), '!')),
            ParseOutcome::kTooLarge);
}

TEST(traffic_reading_parser, DefaultLimitIs64KiB) {
  ParserHarness parser;
  // with_extra() adds 7 bytes around the string's characters.
  const std::size_t fill = 64 * 1024 - kClean.size() - 7;
  const std::string exact = with_extra("\"" + std::string(fill, 'x') + "\"");
  ASSERT_EQ(exact.size(), 65536u);
  EXPECT_EQ(parser.parse(exact), ParseOutcome::kOk);
  EXPECT_EQ(parser.parse(with_extra("\"" + std::string(fill + 1, 'x') + "\"")),
            ParseOutcome::kTooLarge);
}

TEST(traffic_reading_parser, MalformedDocuments) {
  ParserHarness parser;
  const std::string clean(kClean);
  const std::string cases[] = {
      clean.substr(0, clean.size() - 1),  // truncated
      clean.substr(0, 1),
      clean + "}",  // trailing content
      clean + " x",
      clean + clean,
      clean + std::string(1, '\0'),
      "[" + clean + "]",  // not an object
      "42",
      "\"reading\"",
      "true",
      "null x",
      "{\"sensor_id\":\"7\xc3\x28\"}",  // invalid UTF-8
      "{\"a\":1,\"b\":\"\xff\"}",
      "{\"sensor_id\":\"\xed\xa0\x80\"}",          // UTF-8 encoded surrogate
      std::string("{\"sensor_id\":\"7\0\"}", 18),  // raw NUL in a string
      "{\"sensor_id\":\"a\nb\"}",                  // raw control character
      R"({"sensor_id":"\q"})",                     // bad escapes
      R"({"sensor_id":"\ud800"})",
      R"({"sensor_id":"\udc00"})",
      R"({"sensor_id":"\u12G4"})",
      R"({"sensor_id" "1"})",  // punctuation
      R"({"sensor_id":"1",})",
      R"({'sensor_id':"1"})",
      R"({sensor_id:"1"})",
      "\xff\xfe{}",
      // Truncated inside an array after an element (the shape of the
      // fuzzer's finding, see below).
      R"({"ser":5958,"raw":[1,{"spee@_mph":"g00041d"})",
      R"({"raw":[{"a":1},)",
      R"({"raw":[[1],)",
  };
  for (const std::string& value : cases) {
    EXPECT_EQ(parser.parse(value), ParseOutcome::kMalformedJson) << value;
  }
}

TEST(traffic_reading_parser, TruncatedArrayAfterALongerDocumentIsMalformed) {
  // The fuzzer read far outside the buffer on a truncated array after an
  // object element, in a parser that had parsed 460,000 documents before
  // (the input alone does not crash): for the missing element simdjson's
  // raw token ran to a structural position that was not this document's.
  // The parser now ignores tokens outside the document; this checks the
  // verdicts of such a sequence on a reused parser.
  ParserHarness parser;
  std::string many = R"({"a":[1)";
  for (int i = 0; i < 200; ++i) many += ",1";
  many += "]}";
  EXPECT_EQ(parser.parse(many), ParseOutcome::kOk);
  const std::string truncated =
      R"({"x":")" + std::string(300, 'x') + R"(","raw":[1,{"s":"v"})";
  EXPECT_EQ(parser.parse(truncated), ParseOutcome::kMalformedJson);
  EXPECT_EQ(parser.parse(many), ParseOutcome::kOk);
}

TEST(traffic_reading_parser, UnknownMembersAreValidatedToo) {
  ParserHarness parser;
  for (const char* bad :
       {"[1,,2]", "tru", "nul", "falsey", "031.6", "+5", ".5", "1.", "-",
        "NaNa", "infinity", "0x1F", "{\"a\" 1}", "[1 2]", "\"\\x\""}) {
    EXPECT_EQ(parser.parse(with_extra(bad)), ParseOutcome::kMalformedJson)
        << bad;
  }
  for (const char* good :
       {"[1,[2,{\"a\":null}],\"s\"]", "true", "null", "-0.5e-3", "NaN",
        "-Infinity", "1e400", "{\"sensor_id\":5}"}) {
    EXPECT_EQ(parser.parse(with_extra(good)), ParseOutcome::kOk) << good;
  }
}

TEST(traffic_reading_parser, KnownKeysInsideUnknownObjectsAreNotFields) {
  ParserHarness parser;
  ASSERT_EQ(parser.parse(with_extra("{\"speed_mph\":\"x\",\"sensor_id\":1}")),
            ParseOutcome::kOk);
  EXPECT_EQ(parser.raw()[Field::kSpeedMph].state, FieldState::kPresent);
  EXPECT_EQ(parser.raw()[Field::kSensorId].state, FieldState::kPresent);
}

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

TEST(traffic_reading_parser, DepthLimit) {
  ParserHarness parser;
  // The top-level object is depth 1 and traffic_data depth 2, so n arrays
  // in traffic_data reach depth n + 2.
  EXPECT_EQ(parser.parse(with_extra(nested(kMaxJsonDepth - 2))),
            ParseOutcome::kOk);
  EXPECT_EQ(parser.parse(with_extra(nested(kMaxJsonDepth - 1))),
            ParseOutcome::kMalformedJson);
  // Far deeper than simdjson's own limit, still under 64 KiB.
  EXPECT_EQ(parser.parse(with_extra(nested(30000))),
            ParseOutcome::kMalformedJson);
}

TEST(traffic_reading_parser, RecordsFieldStates) {
  ParserHarness parser;
  ASSERT_EQ(
      parser.parse(
          R"({"sensor_id":null,"timestamp":17,)"
          R"("traffic_data":{"speed_mph":NaN,)"
          R"("volume_vehicles_per_hour":1e400,"occupancy":-Infinity},)"
          R"("location":[],"weather":{"condition":"a","condition":"b"}})"),
      ParseOutcome::kOk);
  const RawReading& raw = parser.raw();
  EXPECT_EQ(raw[Field::kSensorId].state, FieldState::kNull);
  EXPECT_EQ(raw[Field::kTimestamp].state, FieldState::kWrongType);
  EXPECT_EQ(raw[Field::kSpeedMph].state, FieldState::kNonFinite);
  EXPECT_EQ(raw[Field::kVolume].state, FieldState::kNonFinite);
  EXPECT_EQ(raw[Field::kOccupancy].state, FieldState::kNonFinite);
  EXPECT_EQ(raw[Field::kLocation].state, FieldState::kWrongType);
  EXPECT_EQ(raw[Field::kCondition].state, FieldState::kDuplicate);
}

TEST(traffic_reading_parser, NonFiniteInAStringFieldIsWrongType) {
  ParserHarness parser;
  ASSERT_EQ(parser.parse(R"({"sensor_id":NaN})"), ParseOutcome::kOk);
  EXPECT_EQ(parser.raw()[Field::kSensorId].state, FieldState::kWrongType);
}

TEST(traffic_reading_parser, ComparesKeysAfterUnescaping) {
  ParserHarness parser;
  ASSERT_EQ(parser.parse(R"({"sensor\u005fid":"1","sensor_id":"2",)"
                         R"("traffic_data":{"speed\u005Fmph":3}})"),
            ParseOutcome::kOk);
  EXPECT_EQ(parser.raw()[Field::kSensorId].state, FieldState::kDuplicate);
  EXPECT_EQ(parser.raw()[Field::kSpeedMph].number, 3);
}

TEST(traffic_reading_parser, UnescapesStrings) {
  ParserHarness parser;
  ASSERT_EQ(parser.parse(R"({"sensor_id":"a\"b\u0000c\u00e9\ud83d\ude97"})"),
            ParseOutcome::kOk);
  EXPECT_EQ(parser.raw()[Field::kSensorId].text,
            std::string_view("a\"b\0c\xc3\xa9\xf0\x9f\x9a\x97", 11));
}

TEST(traffic_reading_parser, ParserIsReusableAfterErrors) {
  ParserHarness parser;
  EXPECT_EQ(parser.parse("{\"a\":"), ParseOutcome::kMalformedJson);
  EXPECT_EQ(parser.parse(kClean), ParseOutcome::kOk);
  EXPECT_EQ(parser.raw()[Field::kHighway].text, "I-10");
  EXPECT_EQ(parser.parse("{}"), ParseOutcome::kOk);
  EXPECT_EQ(parser.raw()[Field::kHighway].state, FieldState::kAbsent);
}

}  // namespace
}  // namespace traffic
