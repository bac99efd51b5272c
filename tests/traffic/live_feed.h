// LiveFeed: the generator's readings (ReadingFeed) sent to Kafka at a steady
// rate from a thread of the test, while processors come and go; then a
// closing round. Keeps the ground truth of everything it sent.
#ifndef TESTS_TRAFFIC_LIVE_FEED_H_
#define TESTS_TRAFFIC_LIVE_FEED_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "e2e_checks.h"
#include "traffic/kafka_producer.h"
#include "traffic/reading_feed.h"

namespace traffic::testing {

struct LiveFeedOptions {
  std::string bootstrap;
  std::string topic;
  double records_per_second = 150;
  FeedOptions feed;  // generator seed, scenario, start time, late share
};

// Use from one thread (the sending thread is internal).
class LiveFeed {
 public:
  // Throws std::runtime_error if the producer cannot be created.
  explicit LiveFeed(LiveFeedOptions options);
  ~LiveFeed();
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  // Starts sending. REQUIRES: not started before.
  void start();

  // Stops sending and waits until everything sent is acknowledged. Returns
  // "" or the first error (a refused or undelivered record).
  std::string stop();

  // Sends the closing round `gap_ms` of event time after the last reading
  // and waits for the acknowledgements. Returns "" or the first error.
  // REQUIRES: stopped.
  std::string send_closing_round(std::int64_t gap_ms);

  // Records sent so far (any thread).
  std::uint64_t sent() const { return sent_.load(); }

  // Everything sent. REQUIRES: stopped (the thread no longer adds to it).
  const Truth& truth() const { return truth_; }

 private:
  void run();
  bool send(const FeedItem& item);

  LiveFeedOptions options_;
  ReadingFeed feed_;
  std::unique_ptr<KafkaProducer> producer_;
  Truth truth_;
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<bool> stop_{false};
  std::string error_;
  std::thread thread_;
};

}  // namespace traffic::testing

#endif  // TESTS_TRAFFIC_LIVE_FEED_H_
