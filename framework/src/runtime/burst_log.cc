#include "runtime/burst_log.h"

#include <algorithm>

namespace sluice {

void BurstLog::note(std::int64_t now_ms, LogLevel level,
                    const LogContext& context, const std::string& detail) {
  ++total_;
  if (total_ <= kDetailed) {
    log(level, context,
        detail + (total_ == kDetailed
                      ? " (further ones are summarized every " +
                            std::to_string(kSummaryEveryMs / 1000) + " s)"
                      : ""));
    window_start_ms_ = now_ms;
    return;
  }
  if (unreported_ == 0) window_start_ms_ = now_ms;
  ++unreported_;
  if (now_ms - window_start_ms_ >= kSummaryEveryMs) {
    summarize(now_ms, level, context);
  }
}

void BurstLog::flush(std::int64_t now_ms, LogLevel level,
                     const LogContext& context) {
  if (unreported_ > 0 && now_ms - window_start_ms_ >= kSummaryEveryMs) {
    summarize(now_ms, level, context);
  }
}

void BurstLog::summarize(std::int64_t now_ms, LogLevel level,
                         const LogContext& context) {
  const std::int64_t seconds =
      std::max<std::int64_t>((now_ms - window_start_ms_ + 500) / 1000, 1);
  log(level, context,
      verb_ + " " + std::to_string(unreported_) + " records in the last " +
          std::to_string(seconds) + " s (" + std::to_string(total_) +
          " in total)");
  unreported_ = 0;
  window_start_ms_ = now_ms;
}

}  // namespace sluice
