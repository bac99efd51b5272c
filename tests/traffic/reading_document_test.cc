#include "traffic/core/reading_document.h"

#include <gtest/gtest.h>

#include "test_readings.h"
#include "traffic/core/reading_decoder.h"

namespace traffic {
namespace {

using testing::full_reading;
using testing::kSeedExampleMs;

TEST(traffic_reading_document, SerializesTheNestedShape) {
  EXPECT_EQ(
      testing::text_of(testing::document_of(testing::seed_example_reading())),
      R"({"sensor_id":"773869","timestamp":"2025-10-05T07:42:00.000Z",)"
      R"("traffic_data":{"speed_mph":31.6,"volume_vehicles_per_hour":2203},)"
      R"("location":{"highway":"I-10","direction":"E","lanes":5},)"
      R"("weather":{"condition":"cloudy"}})");
}

TEST(traffic_reading_document, EveryStyleDecodesToTheSameReading) {
  ReadingDecoder decoder;
  Random random(17);
  for (int i = 0; i < 64; ++i) {
    const DocumentStyle style{(i & 1) != 0, (i & 2) != 0, (i & 4) != 0};
    const std::string text =
        testing::document_of(full_reading()).serialize(style, random);
    Reading reading;
    ASSERT_TRUE(decoder.decode("k", text, kSeedExampleMs, &reading).empty())
        << text;
    EXPECT_EQ(reading, full_reading());
  }
}

TEST(traffic_reading_document, StylesChangeTheText) {
  Random random(1);
  const ReadingDocument document = testing::document_of(full_reading());
  EXPECT_NE(document.serialize({.pretty = true}, random).find("\n  \""),
            std::string::npos);
  EXPECT_NE(document.serialize({.escape_keys = true}, random)
                .find("\"sensor\\u005fid\""),
            std::string::npos);
  const std::string plain = document.serialize({}, random);
  bool reordered = false;
  for (int i = 0; i < 10 && !reordered; ++i) {
    reordered = document.serialize({.shuffle = true}, random) != plain;
  }
  EXPECT_TRUE(reordered);
}

TEST(traffic_reading_document, EditsFields) {
  ReadingDocument document =
      testing::document_of(testing::seed_example_reading());
  EXPECT_FALSE(document.has(Field::kOccupancy));
  document.set(Field::kOccupancy, "0.5");
  EXPECT_TRUE(document.has(Field::kOccupancy));
  document.remove(Field::kSensorId);
  document.duplicate(Field::kLanes, "\"x\"");
  document.set(Field::kWeather, "[]");
  document.add_unknown(Field::kLocation, "postmile", "12.5");
  EXPECT_EQ(
      testing::text_of(document),
      R"({"timestamp":"2025-10-05T07:42:00.000Z",)"
      R"("traffic_data":{"speed_mph":31.6,"volume_vehicles_per_hour":2203,)"
      R"("occupancy":0.5},"location":{"highway":"I-10","direction":"E",)"
      R"("lanes":5,"lanes":"x","postmile":12.5},"weather":[]})");
  document.set(Field::kLanes, "3");   // replaces both occurrences
  document.set(Field::kWeather, "");  // back to its members
  document.duplicate(Field::kWeather);
  EXPECT_EQ(
      testing::text_of(document),
      R"({"timestamp":"2025-10-05T07:42:00.000Z",)"
      R"("traffic_data":{"speed_mph":31.6,"volume_vehicles_per_hour":2203,)"
      R"("occupancy":0.5},"location":{"highway":"I-10","direction":"E",)"
      R"("lanes":3,"postmile":12.5},"weather":{"condition":"cloudy"},)"
      R"("weather":{"condition":"cloudy"}})");
}

TEST(traffic_reading_document, QuotesAndNumbers) {
  EXPECT_EQ(ReadingDocument::quote("a\"b"), R"("a\"b")");
  EXPECT_EQ(ReadingDocument::number(31.6), "31.6");
  EXPECT_EQ(ReadingDocument::number(-118.2468), "-118.2468");
}

}  // namespace
}  // namespace traffic
