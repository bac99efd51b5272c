#include "traffic/progress_line.h"

#include <algorithm>

namespace traffic {

std::string progress_bar(std::uint64_t done, std::uint64_t total, int width) {
  std::string bar = "[";
  const auto cells = static_cast<std::uint64_t>(std::max(width, 1));
  const std::uint64_t filled =
      total == 0 ? 0 : std::min(cells, done * cells / total);
  bar.append(filled, '=');
  if (filled < cells) {
    bar.push_back(filled > 0 || done > 0 ? '>' : ' ');
    bar.append(cells - filled - 1, ' ');
  }
  bar.push_back(']');
  return bar;
}

ProgressLine::ProgressLine(std::FILE* out, bool enabled,
                           std::chrono::milliseconds interval)
    : out_(out), enabled_(enabled), interval_(interval) {}

void ProgressLine::update(const std::string& text, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_ < interval_) return;
  last_ = now;
  std::string line = "\r" + text;
  if (text.size() < last_width_) line.append(last_width_ - text.size(), ' ');
  last_width_ = text.size();
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
  drawn_ = true;
}

void ProgressLine::finish() {
  if (enabled_ && drawn_) {
    std::fputs("\n", out_);
    std::fflush(out_);
  }
  drawn_ = false;
  last_width_ = 0;
}

}  // namespace traffic
