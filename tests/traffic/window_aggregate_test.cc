#include "traffic/core/window_aggregate.h"

#include <gtest/gtest.h>

#include <string>

#include "test_readings.h"
#include "traffic/core/random.h"

namespace traffic {
namespace {

Reading at(double speed, double volume, std::int64_t event_ms) {
  Reading reading = testing::seed_example_reading();
  reading.speed_mph = speed;
  reading.volume_vph = volume;
  reading.event_time_ms = event_ms;
  return reading;
}

WindowAggregate sample() {
  WindowAggregate aggregate;
  aggregate.add(at(60, 1000, 3000));
  aggregate.add(at(20, 2000, 1000));
  aggregate.add(at(34.9, 1500, 2000));
  aggregate.add(at(35, 500, 4000));
  return aggregate;
}

TEST(traffic_window_aggregate, ComputesTheStatistics) {
  const WindowAggregate aggregate = sample();
  EXPECT_EQ(aggregate.count(), 4u);
  EXPECT_DOUBLE_EQ(aggregate.min_speed_mph(), 20);
  EXPECT_DOUBLE_EQ(aggregate.max_speed_mph(), 60);
  EXPECT_DOUBLE_EQ(aggregate.average_speed_mph(), (60 + 20 + 34.9 + 35) / 4);
  EXPECT_DOUBLE_EQ(aggregate.total_volume(), 5000);
  EXPECT_DOUBLE_EQ(aggregate.average_volume(), 1250);
  // Strictly below 35 mph: 20 and 34.9, not 35.
  EXPECT_EQ(aggregate.congested_count(), 2u);
  EXPECT_DOUBLE_EQ(aggregate.congested_share(), 0.5);
  EXPECT_EQ(aggregate.first_event_ms(), 1000);
  EXPECT_EQ(aggregate.last_event_ms(), 4000);
}

TEST(traffic_window_aggregate, EmptyAggregateIsAllZero) {
  const WindowAggregate aggregate;
  EXPECT_TRUE(aggregate.empty());
  EXPECT_EQ(aggregate.average_speed_mph(), 0);
  EXPECT_EQ(aggregate.average_volume(), 0);
  EXPECT_EQ(aggregate.congested_share(), 0);
  EXPECT_EQ(aggregate.congestion_threshold_mph(), kDefaultCongestionMph);
}

TEST(traffic_window_aggregate, ThresholdIsConfigurable) {
  WindowAggregate aggregate(50);
  aggregate.add(at(45, 1, 0));
  aggregate.add(at(55, 1, 0));
  EXPECT_EQ(aggregate.congested_count(), 1u);
}

TEST(traffic_window_aggregate, MergeEqualsAddingEverything) {
  WindowAggregate left;
  left.add(at(60, 1000, 3000));
  left.add(at(20, 2000, 1000));
  WindowAggregate right;
  right.add(at(34.9, 1500, 2000));
  right.add(at(35, 500, 4000));
  ASSERT_TRUE(left.merge(right));
  EXPECT_EQ(left, sample());

  WindowAggregate empty;
  ASSERT_TRUE(empty.merge(sample()));
  EXPECT_EQ(empty, sample());
  WindowAggregate full = sample();
  ASSERT_TRUE(full.merge(WindowAggregate()));
  EXPECT_EQ(full, sample());
}

TEST(traffic_window_aggregate, MergeRefusesADifferentThreshold) {
  WindowAggregate aggregate = sample();
  WindowAggregate other(50);
  other.add(at(10, 1, 0));
  EXPECT_FALSE(aggregate.merge(other));
  EXPECT_EQ(aggregate, sample());
}

TEST(traffic_window_aggregate, BinaryRoundTrip) {
  for (const WindowAggregate& aggregate :
       {sample(), WindowAggregate(), WindowAggregate(12.5)}) {
    const std::string bytes = aggregate.encode();
    std::string error;
    const std::optional<WindowAggregate> decoded =
        WindowAggregate::decode(bytes, &error);
    ASSERT_TRUE(decoded) << error;
    EXPECT_EQ(*decoded, aggregate);
  }
  EXPECT_LE(sample().encode().size(), 50u);
  WindowAggregate negative;
  negative.add(at(1, 1, -5000));
  negative.add(at(2, 1, -7000));
  EXPECT_EQ(WindowAggregate::decode(negative.encode()), negative);
}

TEST(traffic_window_aggregate, EncodeAppends) {
  std::string bytes = "xy";
  sample().encode(&bytes);
  EXPECT_EQ(bytes.substr(2), sample().encode());
}

TEST(traffic_window_aggregate, RejectsEveryTruncationAndExtension) {
  const std::string bytes = sample().encode();
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    std::string error;
    EXPECT_FALSE(WindowAggregate::decode(bytes.substr(0, length), &error))
        << length;
    EXPECT_FALSE(error.empty());
  }
  EXPECT_FALSE(WindowAggregate::decode(bytes + '\0'));
}

TEST(traffic_window_aggregate, RejectsContradictoryContents) {
  const std::string good = sample().encode();
  std::string bad_version = good;
  bad_version[0] = 2;
  std::string error;
  EXPECT_FALSE(WindowAggregate::decode(bad_version, &error));
  EXPECT_EQ(error, "window aggregate: unknown encoding version");

  // count 1 (byte 1), congested 2 (byte 2): more congested than readings.
  std::string congested = good;
  congested[1] = 1;
  congested[2] = 2;
  EXPECT_FALSE(WindowAggregate::decode(congested, &error));
  EXPECT_EQ(error, "window aggregate: more congested readings than readings");

  // The minimum speed (bytes 19..26) set to NaN.
  std::string nan = good;
  nan.replace(19, 8, std::string("\0\0\0\0\0\0\xf8\x7f", 8));
  EXPECT_FALSE(WindowAggregate::decode(nan, &error));
  EXPECT_EQ(error, "window aggregate: non-finite number");

  // An empty aggregate with a non-zero sum.
  std::string ghost = WindowAggregate().encode();
  ghost[12] = 1;
  EXPECT_FALSE(WindowAggregate::decode(ghost, &error));
  EXPECT_EQ(error, "window aggregate: statistics without readings");
}

TEST(traffic_window_aggregate, SurvivesRandomCorruption) {
  const std::string good = sample().encode();
  Random random(99);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bytes = good;
    const std::size_t flips = 1 + random.below(3);
    for (std::size_t f = 0; f < flips; ++f) {
      bytes[random.below(bytes.size())] ^=
          static_cast<char>(1 + random.below(255));
    }
    if (const std::optional<WindowAggregate> decoded =
            WindowAggregate::decode(bytes)) {
      ++accepted;
      // Whatever decodes re-encodes to the same bytes.
      EXPECT_EQ(decoded->encode(), bytes);
    }
  }
  EXPECT_LT(accepted, 20000);
  std::string noise;
  for (int i = 0; i < 20000; ++i) {
    noise.assign(random.below(64), '\0');
    for (char& c : noise) c = static_cast<char>(random.below(256));
    (void)WindowAggregate::decode(noise);
  }
}

}  // namespace
}  // namespace traffic
