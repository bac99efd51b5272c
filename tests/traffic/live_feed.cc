#include "live_feed.h"

#include <chrono>
#include <stdexcept>
#include <utility>

#include "traffic/decode_processor.h"

namespace traffic::testing {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

LiveFeed::LiveFeed(LiveFeedOptions options)
    : options_(std::move(options)), feed_(options_.feed) {
  auto producer = KafkaProducer::create(options_.bootstrap);
  if (!producer.ok()) {
    throw std::runtime_error(producer.status().to_string());
  }
  producer_ = std::move(*producer);
}

LiveFeed::~LiveFeed() { (void)stop(); }

void LiveFeed::start() {
  thread_ = std::thread([this] { run(); });
}

bool LiveFeed::send(const FeedItem& item) {
  OutgoingMessage m = ReadingFeed::message(item);
  m.headers.emplace_back(std::string(kSentAtHeader), std::to_string(wall_ms()));
  const sluice::Status status = producer_->send(options_.topic, m);
  if (!status.ok()) {
    if (error_.empty()) error_ = "send: " + status.to_string();
    return false;
  }
  truth_.add(item);
  sent_.fetch_add(1);
  return true;
}

void LiveFeed::run() {
  const auto begin = Clock::now();
  while (!stop_.load()) {
    const double due =
        options_.records_per_second *
        std::chrono::duration<double>(Clock::now() - begin).count();
    while (static_cast<double>(sent_.load()) < due && !stop_.load()) {
      if (!send(feed_.next())) return;
    }
    producer_->poll();
    std::this_thread::sleep_for(5ms);
  }
}

std::string LiveFeed::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  const sluice::Status flushed = producer_->flush(60s);
  if (error_.empty() && !flushed.ok()) error_ = flushed.to_string();
  if (error_.empty() && producer_->failed() > 0) {
    error_ = "undelivered: " + producer_->last_error();
  }
  return error_;
}

std::string LiveFeed::send_closing_round(std::int64_t gap_ms) {
  for (const FeedItem& item : feed_.closing_round(gap_ms)) {
    if (!send(item)) break;
  }
  return stop();
}

}  // namespace traffic::testing
