// ReadingFeed: the records traffic-gen and the demo send, in order: the
// Generator's readings round by round, a share of valid ones held back a
// few rounds (so that they arrive after their window closed: late), and on
// request a closing round far ahead in event time that makes every open
// window close.

#ifndef TRAFFIC_READING_FEED_H_
#define TRAFFIC_READING_FEED_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "traffic/core/generator.h"
#include "traffic/kafka_producer.h"

namespace traffic {

// Headers every record of the feed carries.
inline constexpr std::string_view kSeqHeader = "traffic.gen.seq";
// (kSentAtHeader, "traffic.gen.sent_at_ms", is added when sending.)

struct FeedOptions {
  GeneratorConfig generator;
  // Share of valid readings held back `late_rounds` rounds (in [0, 1]).
  double late_share = 0;
  int late_rounds = 3;
};

// One record of the feed and what must become of it.
struct FeedItem {
  std::uint64_t seq = 0;     // 0, 1, 2, ... in sending order
  GeneratedReading reading;  // record timestamp: reading.now_ms
  std::int64_t round = 0;    // the generator round it was sent in
  bool delayed = false;      // held back: valid, and late for its window
  bool closing = false;      // part of the closing round
};

// Not thread-safe.
class ReadingFeed {
 public:
  // Throws std::invalid_argument for a bad generator config or late share.
  explicit ReadingFeed(FeedOptions options);

  // The next record.
  FeedItem next();

  // The records of a closing round: one valid reading per sensor, free
  // flowing, at the first window boundary at least `gap_ms` of event time
  // after everything sent so far. Call once, after the last next().
  std::vector<FeedItem> closing_round(std::int64_t gap_ms);

  // The round of the next generated reading.
  std::int64_t round() const;
  std::size_t held() const { return held_.size(); }
  const Generator& generator() const { return generator_; }

  // The Kafka record of `item` (key, value, timestamp, seq header).
  static OutgoingMessage message(const FeedItem& item);

 private:
  FeedItem number(FeedItem item);

  FeedOptions options_;
  Generator generator_;
  Random random_;
  std::deque<FeedItem> held_;
  std::uint64_t seq_ = 0;
  std::uint64_t generated_ = 0;
  std::int64_t last_now_ms_ = 0;
  std::int64_t last_event_ms_ = 0;
};

}  // namespace traffic

#endif  // TRAFFIC_READING_FEED_H_
