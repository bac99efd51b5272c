#include "reading_source.h"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "traffic/decode_processor.h"

namespace e2e {
namespace {

using Clock = std::chrono::steady_clock;

// Paced sends up to this many readings (~1 GB) are generated beforehand.
constexpr std::uint64_t kMaxPrepared = 2'000'000;

// Granularity of paced sends.
constexpr auto kPaceStep = std::chrono::milliseconds(1);

traffic::FeedOptions feed_options(const SourceConfig& config) {
  traffic::FeedOptions options;
  options.generator.seed = config.seed;
  options.generator.start_time_ms = config.start_time_ms;
  options.generator.fault_share = config.fault_share;
  return options;
}

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             Clock::now().time_since_epoch())
      .count();
}

ReadingSource::ReadingSource(const SourceConfig& config)
    : config_(config), feed_(feed_options(config)) {
  auto producer = traffic::KafkaProducer::create(config.bootstrap);
  if (!producer.ok()) throw std::runtime_error(producer.status().message());
  producer_ = std::move(producer).value();
}

void ReadingSource::send(std::uint64_t count, double rate, bool stamp,
                         const std::function<void()>& tick) {
  // Paced sends are generated first, so that generating them (a few us
  // each) does not compete with the contender while latency is measured;
  // long ones (the soak) as they go, to bound memory.
  std::vector<std::pair<traffic::OutgoingMessage, bool>> prepared;
  const bool prepare = rate > 0 && count <= kMaxPrepared;
  if (prepare) {
    prepared.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) prepared.push_back(next());
  }
  const Clock::time_point started = Clock::now();
  Clock::time_point next_tick = started;
  // Readings due by `now`: reading i is due at started + i / rate.
  const auto due_by = [&](Clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - started).count();
    return std::min(count, static_cast<std::uint64_t>(elapsed * rate) + 1);
  };
  std::uint64_t due = rate > 0 ? 0 : count;
  for (std::uint64_t i = 0; i < count; ++i) {
    // Paced: everything due is sent at once, then the thread sleeps to the
    // next kPaceStep. Sleeping until each reading's own due time (20 us
    // apart at 50,000/s) woke this process ~20,000 times a second, and
    // those wake-ups preempted the contender on a 2-core machine.
    while (i >= due) {
      const Clock::time_point now = Clock::now();
      due = due_by(now);
      if (i >= due) {
        producer_->poll();
        std::this_thread::sleep_until(now + kPaceStep);
      }
    }
    if (tick && Clock::now() >= next_tick) {
      tick();
      next_tick = Clock::now() + std::chrono::milliseconds(100);
    }
    auto [m, invalid] = prepare ? std::move(prepared[i]) : next();
    if (stamp) {
      m.headers.emplace_back(std::string(traffic::kSentAtHeader),
                             std::to_string(wall_ms()));
      m.headers.emplace_back(std::string(kStampHeader),
                             std::to_string(steady_ns()));
    }
    if (sluice::Status s = producer_->send(config_.topic, m); !s.ok()) {
      throw std::runtime_error("sending readings: " + s.message());
    }
    ++sent_;
    invalid_ += invalid ? 1 : 0;
    if (i % 64 == 0) producer_->poll();
  }
  if (sluice::Status s = producer_->flush(std::chrono::seconds(60)); !s.ok()) {
    throw std::runtime_error("sending readings: " + s.message());
  }
  if (producer_->failed() > 0) {
    throw std::runtime_error("sending readings: " + producer_->last_error());
  }
}

std::pair<traffic::OutgoingMessage, bool> ReadingSource::next() {
  const traffic::FeedItem item = feed_.next();
  return {traffic::ReadingFeed::message(item), !item.reading.expected.empty()};
}

}  // namespace e2e
