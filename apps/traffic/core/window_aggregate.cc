#include "traffic/core/window_aggregate.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "traffic/core/byte_reader.h"

namespace traffic {
namespace {

constexpr std::uint8_t kEncodingVersion = 1;

void set_error(std::string* error, std::string_view message) {
  if (error != nullptr) error->assign(message);
}

}  // namespace

WindowAggregate::WindowAggregate(double congestion_threshold_mph)
    : threshold_mph_(congestion_threshold_mph) {}

void WindowAggregate::add(const Reading& reading) {
  if (count_ == 0) {
    min_speed_mph_ = max_speed_mph_ = reading.speed_mph;
    first_event_ms_ = last_event_ms_ = reading.event_time_ms;
  } else {
    min_speed_mph_ = std::min(min_speed_mph_, reading.speed_mph);
    max_speed_mph_ = std::max(max_speed_mph_, reading.speed_mph);
    first_event_ms_ = std::min(first_event_ms_, reading.event_time_ms);
    last_event_ms_ = std::max(last_event_ms_, reading.event_time_ms);
  }
  ++count_;
  speed_sum_ += reading.speed_mph;
  volume_sum_ += reading.volume_vph;
  if (reading.speed_mph < threshold_mph_) ++congested_count_;
}

bool WindowAggregate::merge(const WindowAggregate& other) {
  if (other.threshold_mph_ != threshold_mph_) return false;
  if (other.count_ == 0) return true;
  if (count_ == 0) {
    *this = other;
    return true;
  }
  count_ += other.count_;
  congested_count_ += other.congested_count_;
  speed_sum_ += other.speed_sum_;
  volume_sum_ += other.volume_sum_;
  min_speed_mph_ = std::min(min_speed_mph_, other.min_speed_mph_);
  max_speed_mph_ = std::max(max_speed_mph_, other.max_speed_mph_);
  first_event_ms_ = std::min(first_event_ms_, other.first_event_ms_);
  last_event_ms_ = std::max(last_event_ms_, other.last_event_ms_);
  return true;
}

double WindowAggregate::average_speed_mph() const {
  return count_ == 0 ? 0 : speed_sum_ / static_cast<double>(count_);
}

double WindowAggregate::average_volume() const {
  return count_ == 0 ? 0 : volume_sum_ / static_cast<double>(count_);
}

double WindowAggregate::congested_share() const {
  return count_ == 0 ? 0
                     : static_cast<double>(congested_count_) /
                           static_cast<double>(count_);
}

void WindowAggregate::encode(std::string* out) const {
  out->push_back(static_cast<char>(kEncodingVersion));
  put_varint(count_, out);
  put_varint(congested_count_, out);
  put_double(threshold_mph_, out);
  put_double(speed_sum_, out);
  put_double(min_speed_mph_, out);
  put_double(max_speed_mph_, out);
  put_double(volume_sum_, out);
  put_zigzag(first_event_ms_, out);
  // last >= first, so the span is never negative.
  put_varint(static_cast<std::uint64_t>(last_event_ms_) -
                 static_cast<std::uint64_t>(first_event_ms_),
             out);
}

std::string WindowAggregate::encode() const {
  std::string out;
  encode(&out);
  return out;
}

std::optional<WindowAggregate> WindowAggregate::decode(std::string_view bytes,
                                                       std::string* error) {
  ByteReader reader(bytes);
  const std::optional<std::uint8_t> version = reader.read_byte();
  if (!version || *version != kEncodingVersion) {
    set_error(error, "window aggregate: unknown encoding version");
    return std::nullopt;
  }
  const auto count = reader.read_varint();
  const auto congested = reader.read_varint();
  const auto threshold = reader.read_double();
  const auto speed_sum = reader.read_double();
  const auto min_speed = reader.read_double();
  const auto max_speed = reader.read_double();
  const auto volume_sum = reader.read_double();
  const auto first = reader.read_zigzag();
  const auto span = reader.read_varint();
  if (!count || !congested || !threshold || !speed_sum || !min_speed ||
      !max_speed || !volume_sum || !first || !span) {
    set_error(error, "window aggregate: truncated or malformed field");
    return std::nullopt;
  }
  if (!reader.at_end()) {
    set_error(error, "window aggregate: trailing bytes");
    return std::nullopt;
  }
  std::int64_t last = 0;
  if (*span > static_cast<std::uint64_t>(
                  std::numeric_limits<std::int64_t>::max()) ||
      __builtin_add_overflow(*first, static_cast<std::int64_t>(*span), &last)) {
    set_error(error, "window aggregate: event time span overflows");
    return std::nullopt;
  }
  WindowAggregate aggregate(*threshold);
  aggregate.count_ = *count;
  aggregate.congested_count_ = *congested;
  aggregate.speed_sum_ = *speed_sum;
  aggregate.min_speed_mph_ = *min_speed;
  aggregate.max_speed_mph_ = *max_speed;
  aggregate.volume_sum_ = *volume_sum;
  aggregate.first_event_ms_ = *first;
  aggregate.last_event_ms_ = last;
  const std::string_view problem = aggregate.check_invariants();
  if (!problem.empty()) {
    set_error(error, problem);
    return std::nullopt;
  }
  return aggregate;
}

std::string_view WindowAggregate::check_invariants() const {
  for (double value : {threshold_mph_, speed_sum_, min_speed_mph_,
                       max_speed_mph_, volume_sum_}) {
    if (!std::isfinite(value)) return "window aggregate: non-finite number";
  }
  if (congested_count_ > count_) {
    return "window aggregate: more congested readings than readings";
  }
  if (count_ == 0) {
    const bool all_zero = speed_sum_ == 0 && min_speed_mph_ == 0 &&
                          max_speed_mph_ == 0 && volume_sum_ == 0 &&
                          first_event_ms_ == 0 && last_event_ms_ == 0;
    return all_zero ? "" : "window aggregate: statistics without readings";
  }
  if (min_speed_mph_ > max_speed_mph_) {
    return "window aggregate: minimum speed above maximum";
  }
  return "";
}

}  // namespace traffic
