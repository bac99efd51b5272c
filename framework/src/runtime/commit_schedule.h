// When a stream thread's next commit is due.
#ifndef SLUICE_SRC_RUNTIME_COMMIT_SCHEDULE_H_
#define SLUICE_SRC_RUNTIME_COMMIT_SCHEDULE_H_

#include <chrono>

namespace sluice::detail {

// The due time of the commit after one that ran from `started` to `ended`.
// commit.interval.ms is the commits' period, counted from a commit's start
// as in Kafka Streams, so that a record waits at most one interval and one
// commit. A commit that overran the interval is followed by a whole one: an
// overloaded thread keeps processing between commits instead of committing
// after every poll round.
inline std::chrono::steady_clock::time_point next_commit_due(
    std::chrono::steady_clock::time_point started,
    std::chrono::steady_clock::time_point ended,
    std::chrono::steady_clock::duration interval) {
  return ended - started < interval ? started + interval : ended + interval;
}

}  // namespace sluice::detail

#endif  // SLUICE_SRC_RUNTIME_COMMIT_SCHEDULE_H_
