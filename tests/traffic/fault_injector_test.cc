#include "traffic/core/fault_injector.h"

#include <gtest/gtest.h>

#include <set>

#include "test_readings.h"

namespace traffic {
namespace {

using testing::document_of;
using testing::full_reading;

constexpr std::int64_t kNow = testing::kSeedExampleMs;

ReasonSet decode(const FaultyRecord& record) {
  static ReadingDecoder decoder;
  Reading reading;
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
  if (record.key) key = *record.key;
  if (record.value) value = *record.value;
  return decoder.decode(key, value, kNow, &reading);
}

const DocumentStyle kStyles[] = {
    {},
    {.shuffle = true},
    {.pretty = true},
    {.escape_keys = true},
    {.shuffle = true, .pretty = true, .escape_keys = true}};

TEST(traffic_fault_injector, TemplatesCoverEveryReasonCode) {
  std::set<std::string> codes;
  for (const FaultTemplate& fault : FaultInjector::templates()) {
    const FaultInjector injector{DecoderConfig{}};
    Random random(1);
    const FaultTemplate one[] = {fault};
    for (const std::string& code :
         injector
             .inject_with(one, document_of(full_reading()), {}, "773869", kNow,
                          random)
             .expected.codes()) {
      codes.insert(code);
    }
  }
  // 10 whole-value and rule codes, 11 missing, 15 wrong-type,
  // 15 duplicate, 7 non-finite.
  EXPECT_EQ(codes.size(), 58u);
}

// Every template, drawn many times in every style, is judged exactly as
// the injector expects.
TEST(traffic_fault_injector, EachFaultYieldsExactlyItsReason) {
  const FaultInjector injector{DecoderConfig{}};
  Random random(2);
  for (const FaultTemplate& fault : FaultInjector::templates()) {
    for (const DocumentStyle& style : kStyles) {
      for (int draw = 0; draw < 12; ++draw) {
        const FaultTemplate one[] = {fault};
        const FaultyRecord record = injector.inject_with(
            one, document_of(full_reading()), style, "773869", kNow, random);
        ASSERT_EQ(record.expected.size(), 1u);
        ASSERT_EQ(decode(record), record.expected)
            << record.description << "\n"
            << record.value.value_or("<tombstone>");
      }
    }
  }
}

TEST(traffic_fault_injector, CombinedFaultsYieldTheUnion) {
  const FaultInjector injector{DecoderConfig{}};
  Random random(4);
  const FaultTemplate faults[] = {
      {FaultKind::kMissing, Field::kSensorId},
      {FaultKind::kSpeedOutOfRange, Field::kSpeedMph},
      {FaultKind::kDuplicate, Field::kLocation},
      {FaultKind::kTimestampTooOld, Field::kTimestamp}};
  ASSERT_TRUE(FaultInjector::compatible(faults));
  const FaultyRecord record = injector.inject_with(
      faults, document_of(full_reading()), {}, "773869", kNow, random);
  EXPECT_EQ(record.expected.size(), 4u);
  EXPECT_EQ(decode(record), record.expected) << *record.value;
  EXPECT_EQ(record.description,
            "missing(sensor_id)+speed_range(traffic_data.speed_mph)+"
            "duplicate(location)+timestamp_too_old(timestamp)");
}

TEST(traffic_fault_injector, CompatibilityRules) {
  const FaultTemplate same[] = {{FaultKind::kNull, Field::kLanes},
                                {FaultKind::kInvalidLanes, Field::kLanes}};
  EXPECT_FALSE(FaultInjector::compatible(same));
  const FaultTemplate parent_child[] = {
      {FaultKind::kMissing, Field::kLocation},
      {FaultKind::kInvalidLanes, Field::kLanes}};
  EXPECT_FALSE(FaultInjector::compatible(parent_child));
  const FaultTemplate exclusive[] = {{FaultKind::kMalformedJson, Field::kRoot},
                                     {FaultKind::kInvalidLanes, Field::kLanes}};
  EXPECT_FALSE(FaultInjector::compatible(exclusive));
  const FaultTemplate siblings[] = {{FaultKind::kMissing, Field::kHighway},
                                    {FaultKind::kInvalidLanes, Field::kLanes}};
  EXPECT_TRUE(FaultInjector::compatible(siblings));
}

TEST(traffic_fault_injector, TooLargeRespectsTheConfiguredLimit) {
  DecoderConfig config;
  config.max_value_bytes = 4096;
  const FaultInjector injector(config);
  ReadingDecoder decoder(config);
  Random random(5);
  const FaultTemplate too_large[] = {{FaultKind::kTooLarge, Field::kRoot}};
  std::size_t smallest = SIZE_MAX;
  for (int i = 0; i < 40; ++i) {
    const FaultyRecord record =
        injector.inject_with(too_large, document_of(full_reading()),
                             kStyles[i % 5], "k", kNow, random);
    ASSERT_GT(record.value->size(), 4096u);
    smallest = std::min(smallest, record.value->size());
    Reading reading;
    EXPECT_EQ(decoder.decode("k", *record.value, kNow, &reading).to_string(),
              "too_large");
  }
  EXPECT_EQ(smallest, 4097u);
}

TEST(traffic_fault_injector, RandomInjectionMixesSingleAndMultipleFaults) {
  const FaultInjector injector{DecoderConfig{}};
  Random random(6);
  std::size_t multiple = 0;
  std::size_t exclusive = 0;
  for (int i = 0; i < 2000; ++i) {
    const FaultyRecord record = injector.inject(
        document_of(full_reading()), {}, std::string("773869"), kNow, random);
    ASSERT_FALSE(record.expected.empty());
    multiple += record.expected.size() > 1 ? 1 : 0;
    const ReasonKind first = record.expected.reasons().front().kind;
    exclusive += is_exclusive(first) ? 1 : 0;
    ASSERT_EQ(decode(record), record.expected) << record.description;
  }
  EXPECT_GT(multiple, 300u);
  EXPECT_GT(exclusive, 400u);
  EXPECT_LT(exclusive, 600u);
}

}  // namespace
}  // namespace traffic
