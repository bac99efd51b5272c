// ProgressLine: a one-line progress display that redraws itself with '\r',
// for terminals only.

#ifndef TRAFFIC_PROGRESS_LINE_H_
#define TRAFFIC_PROGRESS_LINE_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace traffic {

// Returns a bar of `width` cells for done/total, e.g. "[=====>    ]".
// total == 0 draws an empty bar. Thread-safe.
std::string progress_bar(std::uint64_t done, std::uint64_t total, int width);

// Draws at most every `interval`; draws nothing unless `enabled` (pass
// isatty(fileno(out))). Not thread-safe.
class ProgressLine {
 public:
  ProgressLine(
      std::FILE* out, bool enabled,
      std::chrono::milliseconds interval = std::chrono::milliseconds(100));

  // Redraws with `text` if the interval has passed (or `force`).
  void update(const std::string& text, bool force = false);
  // Ends the line (a newline) if anything was drawn.
  void finish();
  bool enabled() const { return enabled_; }

 private:
  std::FILE* out_;
  bool enabled_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point last_{};
  std::size_t last_width_ = 0;
  bool drawn_ = false;
};

}  // namespace traffic

#endif  // TRAFFIC_PROGRESS_LINE_H_
