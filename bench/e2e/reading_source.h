// ReadingSource: the input of every scenario. The traffic generator's
// readings (traffic::ReadingFeed, a share of them faulty so that some go to
// the DLQ) written to the input topic, unpaced or at a rate, optionally
// stamped with their send time for the latency probe. The same config
// writes the same records, so every contender gets the same input.
#ifndef BENCH_E2E_READING_SOURCE_H_
#define BENCH_E2E_READING_SOURCE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "traffic/kafka_producer.h"
#include "traffic/reading_feed.h"

namespace e2e {

// Header of stamped records: the send time, steady_clock nanoseconds of
// this process, in decimal.
inline constexpr std::string_view kStampHeader = "bench.sent_ns";

struct SourceConfig {
  std::string bootstrap;
  std::string topic;
  std::uint64_t seed = 7;
  std::int64_t start_time_ms = 0;  // simulated time of the first reading
  double fault_share = 0.05;
};

// Not thread-safe.
class ReadingSource {
 public:
  // Throws std::runtime_error when the producer cannot be created.
  explicit ReadingSource(const SourceConfig& config);

  // Sends the next `count` readings at `rate` per second (0: as fast as
  // librdkafka takes them) and waits until all are acknowledged. Paced
  // sends of up to 2,000,000 readings are generated before the first is
  // sent. With
  // `stamp`, each carries kStampHeader and traffic.gen.sent_at_ms.
  // `tick`, when set, is called about every 100 ms while sending. Throws
  // std::runtime_error when a record cannot be delivered.
  void send(std::uint64_t count, double rate, bool stamp,
            const std::function<void()>& tick = {});

  std::uint64_t sent() const { return sent_; }
  // Of those, the readings the processor must dead-letter.
  std::uint64_t expected_invalid() const { return invalid_; }

 private:
  // The next reading's record, and whether it must be dead-lettered.
  std::pair<traffic::OutgoingMessage, bool> next();

  SourceConfig config_;
  traffic::ReadingFeed feed_;
  std::unique_ptr<traffic::KafkaProducer> producer_;
  std::uint64_t sent_ = 0;
  std::uint64_t invalid_ = 0;
};

// Nanoseconds on this process's steady clock.
std::int64_t steady_ns();

}  // namespace e2e

#endif  // BENCH_E2E_READING_SOURCE_H_
