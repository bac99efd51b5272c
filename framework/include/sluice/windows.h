// Time windows for windowed aggregations, and the key type of their results.
//
//   TimeWindows::of_size(5min)                        tumbling, no grace
//   TimeWindows::of_size(5min).grace(1min)            late records accepted
//                                                     for 1 minute of stream
//                                                     time
//   TimeWindows::of_size(5min).advance_by(1min)       hopping
//
// A window [start, end) contains timestamps start <= t < end; windows are
// aligned to the epoch (start is a multiple of the advance). A window closes
// when stream time reaches end + grace; records for closed windows are late.
//
// Thread-safety: values.
#ifndef SLUICE_WINDOWS_H_
#define SLUICE_WINDOWS_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "sluice/serde.h"

namespace sluice {

// A half-open time interval [start_ms, end_ms).
struct Window {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  bool operator==(const Window&) const = default;
  auto operator<=>(const Window&) const = default;
};

// A key together with the window its aggregate belongs to.
template <typename K>
struct Windowed {
  K key{};
  Window window;
  bool operator==(const Windowed&) const = default;
};

class TimeWindows {
 public:
  // Tumbling windows of `size`, no grace. Throws std::invalid_argument when
  // size <= 0.
  static TimeWindows of_size(std::chrono::milliseconds size);
  // Hopping windows that start every `advance`. Throws std::invalid_argument
  // unless 0 < advance <= size.
  TimeWindows advance_by(std::chrono::milliseconds advance) const;
  // How long after a window's end records are still accepted (stream time).
  // Throws std::invalid_argument when grace < 0.
  TimeWindows grace(std::chrono::milliseconds grace) const;

  std::int64_t size_ms() const noexcept { return size_; }
  std::int64_t advance_ms() const noexcept { return advance_; }
  std::int64_t grace_ms() const noexcept { return grace_; }

  // The windows that contain `timestamp_ms`, oldest first. REQUIRES:
  // timestamp_ms >= 0.
  std::vector<Window> windows_for(std::int64_t timestamp_ms) const;

 private:
  TimeWindows(std::int64_t size, std::int64_t advance, std::int64_t grace)
      : size_(size), advance_(advance), grace_(grace) {}
  std::int64_t size_;
  std::int64_t advance_;
  std::int64_t grace_;
};

// Serializes Windowed<K> as the key's bytes followed by the window start as
// 8 big-endian bytes (Kafka Streams' TimeWindowedSerde layout); the end is
// start + `window_size_ms` when read back (SerdeError when that overflows).
template <typename K>
Serde<Windowed<K>> windowed_serde(Serde<K> inner, std::int64_t window_size_ms) {
  return Serde<Windowed<K>>::from(
      std::string("windowed<") + std::string(inner.name()) + ">",
      [inner](const Windowed<K>& w, std::string& out) {
        inner.serialize(w.key, out);
        const auto start = static_cast<std::uint64_t>(w.window.start_ms);
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.push_back(static_cast<char>((start >> shift) & 0xffU));
        }
      },
      [inner, window_size_ms](std::optional<std::string_view> bytes) {
        if (!bytes || bytes->size() < 8) {
          throw SerdeError("windowed key needs at least 8 bytes");
        }
        std::uint64_t start = 0;
        for (char c : bytes->substr(bytes->size() - 8)) {
          start = (start << 8) | static_cast<unsigned char>(c);
        }
        Windowed<K> w;
        w.key = inner.deserialize(bytes->substr(0, bytes->size() - 8));
        w.window.start_ms = static_cast<std::int64_t>(start);
        if (__builtin_add_overflow(w.window.start_ms, window_size_ms,
                                   &w.window.end_ms)) {
          throw SerdeError("windowed key: window start " +
                           std::to_string(w.window.start_ms) +
                           " + size overflows");
        }
        return w;
      });
}

}  // namespace sluice

#endif  // SLUICE_WINDOWS_H_
