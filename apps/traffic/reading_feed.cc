#include "traffic/reading_feed.h"

#include <algorithm>
#include <stdexcept>

#include "traffic/core/sensor_catalog.h"

namespace traffic {
namespace {

// A stream of its own, so that delaying does not change what the
// generator produces.
constexpr std::uint64_t kFeedSeedSalt = 0x6c617465;  // "late"

}  // namespace

ReadingFeed::ReadingFeed(FeedOptions options)
    : options_(options),
      generator_(options.generator),
      random_(options.generator.seed ^ kFeedSeedSalt) {
  if (!(options.late_share >= 0 && options.late_share <= 1)) {
    throw std::invalid_argument("late share must be in [0, 1]");
  }
  if (options.late_rounds < 1) {
    throw std::invalid_argument("late rounds must be at least 1");
  }
}

std::int64_t ReadingFeed::round() const {
  return static_cast<std::int64_t>(generated_ / generator_.catalog().size());
}

FeedItem ReadingFeed::number(FeedItem item) {
  item.seq = seq_++;
  last_now_ms_ = std::max(last_now_ms_, item.reading.now_ms);
  last_event_ms_ = std::max(last_event_ms_, item.reading.event_time_ms);
  return item;
}

FeedItem ReadingFeed::next() {
  const std::int64_t current = round();
  if (!held_.empty() && held_.front().round + options_.late_rounds <= current) {
    FeedItem item = std::move(held_.front());
    held_.pop_front();
    // Sent now: the record timestamp is the current simulated time, so
    // the reading is valid (not in the future, not too old) but its
    // window has closed.
    item.reading.now_ms = last_now_ms_;
    item.round = current;
    item.delayed = true;
    return number(std::move(item));
  }
  while (true) {
    FeedItem item;
    item.round = round();
    item.reading = generator_.next();
    ++generated_;
    if (item.reading.expected.empty() && random_.chance(options_.late_share)) {
      held_.push_back(std::move(item));
      continue;
    }
    return number(std::move(item));
  }
}

std::vector<FeedItem> ReadingFeed::closing_round(std::int64_t gap_ms) {
  GeneratorConfig config = options_.generator;
  config.scenario = Scenario::kFreeFlow;
  config.fault_share = 0;
  const std::int64_t at = last_event_ms_ + gap_ms;
  config.start_time_ms = at - at % kReadingIntervalMs + kReadingIntervalMs;
  Generator closing(config, generator_.catalog());
  std::vector<FeedItem> out;
  for (std::size_t i = 0; i < generator_.catalog().size(); ++i) {
    FeedItem item;
    item.reading = closing.next();
    item.round = round();
    item.closing = true;
    out.push_back(number(std::move(item)));
  }
  return out;
}

OutgoingMessage ReadingFeed::message(const FeedItem& item) {
  OutgoingMessage m;
  m.key = item.reading.key;
  m.value = item.reading.value;
  m.timestamp_ms = item.reading.now_ms;
  m.headers.emplace_back(std::string(kSeqHeader), std::to_string(item.seq));
  return m;
}

}  // namespace traffic
