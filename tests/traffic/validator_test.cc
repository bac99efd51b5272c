#include "traffic/core/validator.h"

#include <gtest/gtest.h>

#include <string>

#include "test_readings.h"
#include "traffic/core/reading_parser.h"

namespace traffic {
namespace {

using testing::document_of;
using testing::full_reading;
using testing::seed_example_reading;
using testing::text_of;

constexpr std::int64_t kNow = testing::kSeedExampleMs;

class ValidatorHarness {
 public:
  explicit ValidatorHarness(ValidatorConfig config = {}) : validator_(config) {}

  // Parses `text` (which must be well-formed) and validates it.
  ReasonSet check(const std::string& text,
                  std::optional<std::string_view> key = "773869",
                  std::int64_t now_ms = kNow) {
    RawReading raw;
    EXPECT_EQ(parser_.parse(text, &raw), ParseOutcome::kOk) << text;
    return validator_.validate(raw, key, now_ms, &reading_);
  }
  ReasonSet check(const ReadingDocument& document,
                  std::optional<std::string_view> key = "773869",
                  std::int64_t now_ms = kNow) {
    return check(text_of(document), key, now_ms);
  }
  const Reading& reading() const { return reading_; }

 private:
  ReadingParser parser_;
  Validator validator_;
  Reading reading_;
};

ReasonSet only(ReasonKind kind, Field field = Field::kRoot) {
  ReasonSet set;
  set.add({kind, field});
  return set;
}

// The seed example's document with `field` set to `raw_json`.
ReadingDocument with(Field field, std::string raw_json) {
  ReadingDocument document = document_of(full_reading());
  document.set(field, std::move(raw_json));
  return document;
}

TEST(traffic_validator, AcceptsAndFlattensAValidReading) {
  ValidatorHarness harness;
  EXPECT_TRUE(harness.check(document_of(full_reading())).empty());
  EXPECT_EQ(harness.reading(), full_reading());
}

TEST(traffic_validator, OptionalFieldsMayBeAbsentOrNull) {
  ValidatorHarness harness;
  EXPECT_TRUE(harness.check(document_of(seed_example_reading())).empty());
  EXPECT_EQ(harness.reading(), seed_example_reading());
  for (Field field : {Field::kOccupancy, Field::kLatitude, Field::kLongitude,
                      Field::kTemperatureF}) {
    EXPECT_TRUE(harness.check(with(field, "null")).empty());
  }
  EXPECT_FALSE(harness.reading().temperature_f);
}

TEST(traffic_validator, EachMissingOrNullRequiredFieldIsReported) {
  ValidatorHarness harness;
  for (std::size_t i = 1; i < kFieldCount; ++i) {
    const auto field = static_cast<Field>(i);
    if (!field_info(field).required) continue;
    const std::optional<std::string_view> key =
        field == Field::kSensorId ? std::nullopt
                                  : std::optional<std::string_view>("773869");
    ReadingDocument absent = document_of(full_reading());
    absent.remove(field);
    EXPECT_EQ(harness.check(absent, key),
              only(ReasonKind::kMissingField, field))
        << field_info(field).name;
    EXPECT_EQ(harness.check(with(field, "null"), key),
              only(ReasonKind::kMissingField, field))
        << field_info(field).name;
  }
}

TEST(traffic_validator, EachWrongTypeIsReported) {
  ValidatorHarness harness;
  for (std::size_t i = 1; i < kFieldCount; ++i) {
    const auto field = static_cast<Field>(i);
    const FieldKind kind = field_info(field).kind;
    for (const char* wrong : {"true", "[]", "{}", "\"5\"", "5"}) {
      const bool same_kind = (kind == FieldKind::kObject && wrong[0] == '{') ||
                             (kind == FieldKind::kString && wrong[0] == '"') ||
                             (kind == FieldKind::kNumber && wrong[0] == '5');
      if (same_kind) continue;
      EXPECT_EQ(harness.check(with(field, wrong)),
                only(ReasonKind::kWrongType, field))
          << field_info(field).name << " = " << wrong;
    }
  }
}

TEST(traffic_validator, EachDuplicateIsReportedAlone) {
  ValidatorHarness harness;
  for (std::size_t i = 1; i < kFieldCount; ++i) {
    const auto field = static_cast<Field>(i);
    ReadingDocument document = document_of(full_reading());
    // Even a bad second value yields only the duplicate.
    document.duplicate(field, "[\"bad\"]");
    EXPECT_EQ(harness.check(document), only(ReasonKind::kDuplicateField, field))
        << field_info(field).name;
  }
}

TEST(traffic_validator, EachNonFiniteNumberIsReported) {
  ValidatorHarness harness;
  for (std::size_t i = 1; i < kFieldCount; ++i) {
    const auto field = static_cast<Field>(i);
    if (field_info(field).kind != FieldKind::kNumber) continue;
    for (const std::string& token :
         {std::string("NaN"), std::string("Infinity"), std::string("-Infinity"),
          std::string("1e400"), std::string("-2e308"),
          "1" + std::string(400, '0')}) {
      EXPECT_EQ(harness.check(with(field, token)),
                only(ReasonKind::kNonFinite, field))
          << field_info(field).name << " = " << token;
    }
  }
}

TEST(traffic_validator, SpeedBoundsAreInclusive) {
  ValidatorHarness harness;
  for (const char* ok : {"0", "-0", "0.0", "120", "120.0", "31.6"}) {
    EXPECT_TRUE(harness.check(with(Field::kSpeedMph, ok)).empty()) << ok;
  }
  for (const char* bad : {"120.0001", "121", "-0.0001", "-5", "1e300"}) {
    EXPECT_EQ(harness.check(with(Field::kSpeedMph, bad)),
              only(ReasonKind::kSpeedOutOfRange))
        << bad;
  }
}

TEST(traffic_validator, VolumeBoundsAreInclusive) {
  ValidatorHarness harness;
  for (const char* ok : {"0", "10000", "10000.0", "2203.5"}) {
    EXPECT_TRUE(harness.check(with(Field::kVolume, ok)).empty()) << ok;
  }
  for (const char* bad : {"10001", "10000.0001", "-1", "-0.5"}) {
    EXPECT_EQ(harness.check(with(Field::kVolume, bad)),
              only(ReasonKind::kVolumeOutOfRange))
        << bad;
  }
}

TEST(traffic_validator, LanesArePositiveIntegers) {
  ValidatorHarness harness;
  EXPECT_TRUE(harness.check(with(Field::kLanes, "1")).empty());
  EXPECT_TRUE(harness.check(with(Field::kLanes, "5.0")).empty());
  EXPECT_EQ(harness.reading().lane_count, 5);
  EXPECT_TRUE(harness.check(with(Field::kLanes, "2147483647")).empty());
  for (const char* bad :
       {"0", "-0", "-1", "2.5", "0.999", "2147483648", "1e10"}) {
    EXPECT_EQ(harness.check(with(Field::kLanes, bad)),
              only(ReasonKind::kInvalidLanes))
        << bad;
  }
}

TEST(traffic_validator, DirectionIsOneOfFourLetters) {
  ValidatorHarness harness;
  for (const char letter : {'N', 'S', 'E', 'W'}) {
    EXPECT_TRUE(
        harness
            .check(with(Field::kDirection, std::string("\"") + letter + "\""))
            .empty());
    EXPECT_EQ(static_cast<char>(harness.reading().direction), letter);
  }
  EXPECT_TRUE(harness.check(with(Field::kDirection, R"("\u0057")")).empty());
  EXPECT_EQ(harness.reading().direction, Direction::kWest);
  for (const char* bad : {"\"n\"", "\"NE\"", "\"\"", "\"North\"", "\"E \""}) {
    EXPECT_EQ(harness.check(with(Field::kDirection, bad)),
              only(ReasonKind::kInvalidDirection))
        << bad;
  }
}

TEST(traffic_validator, UnparsableTimestamp) {
  ValidatorHarness harness;
  for (const char* bad : {"\"\"", "\"2025-10-05\"", "\"2025-02-30T00:00:00Z\"",
                          "\"2025-10-05T07:42:44\""}) {
    EXPECT_EQ(harness.check(with(Field::kTimestamp, bad)),
              only(ReasonKind::kTimestampUnparsable))
        << bad;
  }
}

TEST(traffic_validator, FutureTimestampsBeyondTheSkew) {
  ValidatorHarness harness;  // five minutes of skew
  ReadingDocument at_limit = document_of(full_reading());
  at_limit.set(Field::kTimestamp,
               ReadingDocument::quote(format_iso8601_ms(kNow + 300000)));
  EXPECT_TRUE(harness.check(at_limit).empty());
  ReadingDocument beyond = document_of(full_reading());
  beyond.set(Field::kTimestamp,
             ReadingDocument::quote(format_iso8601_ms(kNow + 300001)));
  EXPECT_EQ(harness.check(beyond), only(ReasonKind::kTimestampInFuture));

  ValidatorHarness strict(ValidatorConfig{std::chrono::milliseconds(0)});
  EXPECT_EQ(strict.check(at_limit), only(ReasonKind::kTimestampInFuture));
}

TEST(traffic_validator, TimestampsOlderThanAYear) {
  ValidatorHarness harness;
  constexpr std::int64_t kYearMs = 365LL * 24 * 3600 * 1000;
  ReadingDocument at_limit = document_of(full_reading());
  at_limit.set(Field::kTimestamp,
               ReadingDocument::quote(format_iso8601_ms(kNow - kYearMs)));
  EXPECT_TRUE(harness.check(at_limit).empty());
  ReadingDocument beyond = document_of(full_reading());
  beyond.set(Field::kTimestamp,
             ReadingDocument::quote(format_iso8601_ms(kNow - kYearMs - 1)));
  EXPECT_EQ(harness.check(beyond), only(ReasonKind::kTimestampTooOld));
}

TEST(traffic_validator, ExtremeNowDoesNotOverflow) {
  ValidatorHarness harness;
  EXPECT_EQ(harness.check(document_of(full_reading()), "773869", INT64_MAX),
            only(ReasonKind::kTimestampTooOld));
  EXPECT_EQ(harness.check(document_of(full_reading()), "773869", INT64_MIN),
            only(ReasonKind::kTimestampInFuture));
}

TEST(traffic_validator, KeySuppliesAMissingSensorId) {
  ValidatorHarness harness;
  for (const char* raw : {"", "null", "\"\""}) {
    ReadingDocument document = document_of(full_reading());
    if (*raw == '\0') {
      document.remove(Field::kSensorId);
    } else {
      document.set(Field::kSensorId, raw);
    }
    EXPECT_TRUE(harness.check(document, "716339").empty()) << raw;
    EXPECT_EQ(harness.reading().sensor_id, "716339");
    for (std::optional<std::string_view> useless :
         {std::optional<std::string_view>(),
          std::optional<std::string_view>(""),
          std::optional<std::string_view>("\xc3\x28")}) {
      EXPECT_EQ(harness.check(document, useless),
                only(ReasonKind::kMissingField, Field::kSensorId));
    }
  }
}

TEST(traffic_validator, ValueSensorIdWinsOverTheKey) {
  ValidatorHarness harness;
  EXPECT_TRUE(harness.check(document_of(full_reading()), "999999").empty());
  EXPECT_EQ(harness.reading().sensor_id, "773869");
  // A wrong-typed sensor_id is not replaced by the key.
  EXPECT_EQ(harness.check(with(Field::kSensorId, "773869"), "773869"),
            only(ReasonKind::kWrongType, Field::kSensorId));
}

TEST(traffic_validator, EmptyHighwayOrConditionCountsAsMissing) {
  ValidatorHarness harness;
  EXPECT_EQ(harness.check(with(Field::kHighway, "\"\"")),
            only(ReasonKind::kMissingField, Field::kHighway));
  EXPECT_EQ(harness.check(with(Field::kCondition, "\"\"")),
            only(ReasonKind::kMissingField, Field::kCondition));
}

TEST(traffic_validator, ABadObjectHidesItsChildren) {
  ValidatorHarness harness;
  ReadingDocument document = document_of(full_reading());
  document.set(Field::kSpeedMph, "\"fast\"");
  document.set(Field::kTrafficData, "[]");
  EXPECT_EQ(harness.check(document),
            only(ReasonKind::kWrongType, Field::kTrafficData));
  document.remove(Field::kTrafficData);
  EXPECT_EQ(harness.check(document),
            only(ReasonKind::kMissingField, Field::kTrafficData));
}

TEST(traffic_validator, ReportsEveryFailureAtOnce) {
  ValidatorHarness harness;
  const ReasonSet reasons = harness.check(
      R"({"timestamp":"2025-10-05T07:50:00Z",)"
      R"("traffic_data":{"speed_mph":130,"volume_vehicles_per_hour":-4,)"
      R"("occupancy":"high"},)"
      R"("location":{"highway":"","direction":"NE","lanes":0,"lanes":2},)"
      R"("weather":null})",
      std::nullopt);
  EXPECT_EQ(reasons.to_string(),
            "speed_out_of_range,volume_out_of_range,invalid_direction,"
            "timestamp_in_future,missing_field:sensor_id,"
            "missing_field:location.highway,missing_field:weather,"
            "wrong_type:traffic_data.occupancy,"
            "duplicate_field:location.lanes");
}

}  // namespace
}  // namespace traffic
