// WindowAggregate: per-sensor statistics of the readings in one time window.

#ifndef TRAFFIC_CORE_WINDOW_AGGREGATE_H_
#define TRAFFIC_CORE_WINDOW_AGGREGATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "traffic/core/reading.h"

namespace traffic {

// Readings strictly below this speed count as congested unless configured.
inline constexpr double kDefaultCongestionMph = 35;

// Count, speed (min/avg/max), volume (total/avg), congestion (count and
// share of readings with speed strictly below the threshold) and the
// earliest and latest event times of the readings added. An aggregate is a
// value: copy it freely. Thread-compatible.
class WindowAggregate {
 public:
  // An empty aggregate. REQUIRES: the threshold is finite.
  explicit WindowAggregate(
      double congestion_threshold_mph = kDefaultCongestionMph);

  // Adds one reading's speed, volume and event time.
  void add(const Reading& reading);

  // Adds every reading of `other` (merging windows or partial aggregates).
  // Returns false and leaves *this unchanged if the thresholds differ.
  [[nodiscard]] bool merge(const WindowAggregate& other);

  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  double congestion_threshold_mph() const { return threshold_mph_; }
  // The speed statistics are 0 for an empty aggregate.
  double min_speed_mph() const { return min_speed_mph_; }
  double max_speed_mph() const { return max_speed_mph_; }
  double average_speed_mph() const;
  double total_volume() const { return volume_sum_; }
  // 0 for an empty aggregate.
  double average_volume() const;
  std::uint64_t congested_count() const { return congested_count_; }
  // congested_count() / count(); 0 for an empty aggregate.
  double congested_share() const;
  // Earliest and latest event times (epoch ms); 0 for an empty aggregate.
  std::int64_t first_event_ms() const { return first_event_ms_; }
  std::int64_t last_event_ms() const { return last_event_ms_; }

  // Appends the compact binary form to *out (about 50 bytes): a version
  // byte, varint counts, little-endian IEEE doubles and zigzag-varint event
  // times. REQUIRES: out is not null.
  void encode(std::string* out) const;

  // Returns the binary form as a new string.
  std::string encode() const;

  // Decodes bytes written by encode(). Returns nullopt for any other input
  // (wrong version, truncation, trailing bytes, overlong varints, non-finite
  // doubles, or statistics that contradict each other) and then sets
  // *error, if given, to a description. Safe for any bytes.
  static std::optional<WindowAggregate> decode(std::string_view bytes,
                                               std::string* error = nullptr);

  friend bool operator==(const WindowAggregate&,
                         const WindowAggregate&) = default;

 private:
  // Returns an empty string if the statistics are consistent, else why not.
  std::string_view check_invariants() const;

  double threshold_mph_;
  std::uint64_t count_ = 0;
  std::uint64_t congested_count_ = 0;
  double speed_sum_ = 0;
  double min_speed_mph_ = 0;
  double max_speed_mph_ = 0;
  double volume_sum_ = 0;
  std::int64_t first_event_ms_ = 0;
  std::int64_t last_event_ms_ = 0;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_WINDOW_AGGREGATE_H_
