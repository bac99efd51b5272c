#include "traffic/reading_feed.h"

#include <gtest/gtest.h>

#include <set>

namespace traffic {
namespace {

constexpr std::int64_t kStart = 1795442400000;  // a window boundary

FeedOptions options(double late_share) {
  FeedOptions o;
  o.generator.seed = 3;
  o.generator.start_time_ms = kStart;
  o.generator.scenario = Scenario::kSensorFaults;
  o.late_share = late_share;
  return o;
}

TEST(traffic_reading_feed, NumbersRecordsAndHoldsValidOnesBack) {
  ReadingFeed feed(options(0.05));
  std::uint64_t delayed = 0;
  for (std::uint64_t i = 0; i < 8 * 207; ++i) {
    const FeedItem item = feed.next();
    EXPECT_EQ(item.seq, i);
    if (!item.delayed) continue;
    ++delayed;
    EXPECT_TRUE(item.reading.expected.empty());
    // Sent at least three rounds after its event, and never before it.
    EXPECT_GE(item.reading.now_ms,
              item.reading.event_time_ms + 2 * kReadingIntervalMs);
    EXPECT_GE(item.round, 3);
  }
  EXPECT_GT(delayed, 20u);
}

TEST(traffic_reading_feed, SameSeedSameRecords) {
  ReadingFeed a(options(0.05));
  ReadingFeed b(options(0.05));
  for (int i = 0; i < 1000; ++i) {
    const FeedItem x = a.next();
    const FeedItem y = b.next();
    EXPECT_EQ(x.reading.value, y.reading.value);
    EXPECT_EQ(x.delayed, y.delayed);
  }
}

TEST(traffic_reading_feed, ClosingRoundIsOneValidReadingPerSensorLater) {
  ReadingFeed feed(options(0));
  std::int64_t last_event = 0;
  for (int i = 0; i < 3 * 207; ++i) {
    last_event = std::max(last_event, feed.next().reading.event_time_ms);
  }
  const std::vector<FeedItem> closing = feed.closing_round(15 * 60'000);
  ASSERT_EQ(closing.size(), 207u);
  std::set<std::string> sensors;
  for (const FeedItem& item : closing) {
    EXPECT_TRUE(item.closing);
    EXPECT_TRUE(item.reading.expected.empty()) << item.reading.fault;
    EXPECT_GE(item.reading.event_time_ms, last_event + 15 * 60'000);
    sensors.insert(item.reading.truth.sensor_id);
  }
  EXPECT_EQ(sensors.size(), 207u);
  EXPECT_EQ(closing.front().seq, 3u * 207);
}

TEST(traffic_reading_feed, MessageCarriesKeyValueTimeAndSeq) {
  ReadingFeed feed(options(0));
  const FeedItem item = feed.next();
  const OutgoingMessage m = ReadingFeed::message(item);
  EXPECT_EQ(m.key, item.reading.key);
  EXPECT_EQ(m.value, item.reading.value);
  EXPECT_EQ(m.timestamp_ms, item.reading.now_ms);
  ASSERT_EQ(m.headers.size(), 1u);
  EXPECT_EQ(m.headers[0].first, kSeqHeader);
  EXPECT_EQ(m.headers[0].second, "0");
}

TEST(traffic_reading_feed, RefusesBadShares) {
  EXPECT_THROW(ReadingFeed(options(1.5)), std::invalid_argument);
  FeedOptions o = options(0);
  o.late_rounds = 0;
  EXPECT_THROW(ReadingFeed{o}, std::invalid_argument);
}

}  // namespace
}  // namespace traffic
