// BurstLog: logs a stream of similar events (records dead-lettered or
// skipped) without one line per record: the first kDetailed events get a
// line each, after that one summary line per kSummaryEvery at most, e.g.
//   "dead-lettered 1532 records in the last 10 s (1542 in total)".
//
// Thread-safety: used by one task's thread.
#ifndef SLUICE_SRC_RUNTIME_BURST_LOG_H_
#define SLUICE_SRC_RUNTIME_BURST_LOG_H_

#include <cstdint>
#include <string>

#include "sluice/log.h"

namespace sluice {

class BurstLog {
 public:
  static constexpr std::uint64_t kDetailed = 10;
  static constexpr std::int64_t kSummaryEveryMs = 10'000;

  // `verb`: what happened to the records, e.g. "dead-lettered".
  explicit BurstLog(std::string verb) : verb_(std::move(verb)) {}

  // Counts one event at `now_ms`; logs `detail` while the count is within
  // kDetailed, else a summary when one is due.
  void note(std::int64_t now_ms, LogLevel level, const LogContext& context,
            const std::string& detail);
  // Logs the summary of events not yet reported, if one is due; called at
  // each commit so that the end of a burst is reported too.
  void flush(std::int64_t now_ms, LogLevel level, const LogContext& context);

 private:
  void summarize(std::int64_t now_ms, LogLevel level,
                 const LogContext& context);

  std::string verb_;
  std::uint64_t total_ = 0;
  std::uint64_t unreported_ = 0;
  std::int64_t window_start_ms_ = 0;
};

}  // namespace sluice

#endif  // SLUICE_SRC_RUNTIME_BURST_LOG_H_
