#include "sluice/windows.h"

#include <stdexcept>

namespace sluice {

TimeWindows TimeWindows::of_size(std::chrono::milliseconds size) {
  if (size.count() <= 0) {
    throw std::invalid_argument("TimeWindows::of_size: size must be positive");
  }
  return TimeWindows(size.count(), size.count(), 0);
}

TimeWindows TimeWindows::advance_by(std::chrono::milliseconds advance) const {
  if (advance.count() <= 0 || advance.count() > size_) {
    throw std::invalid_argument(
        "TimeWindows::advance_by: advance must be in (0, size]");
  }
  return TimeWindows(size_, advance.count(), grace_);
}

TimeWindows TimeWindows::grace(std::chrono::milliseconds grace) const {
  if (grace.count() < 0) {
    throw std::invalid_argument("TimeWindows::grace: grace must be >= 0");
  }
  return TimeWindows(size_, advance_, grace.count());
}

std::vector<Window> TimeWindows::windows_for(std::int64_t timestamp_ms) const {
  std::vector<Window> out;
  // The last window containing t starts at the largest multiple of the
  // advance that is <= t; earlier ones start `advance` apart while they
  // still reach past t.
  const std::int64_t last_start = timestamp_ms - timestamp_ms % advance_;
  std::int64_t start = last_start;
  while (start >= 0 && start + size_ > timestamp_ms) {
    out.push_back({start, start + size_});
    start -= advance_;
  }
  return {out.rbegin(), out.rend()};
}

}  // namespace sluice
