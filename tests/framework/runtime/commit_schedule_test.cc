#include "runtime/commit_schedule.h"

#include <gtest/gtest.h>

#include <chrono>

namespace sluice::detail {
namespace {

using std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

constexpr TimePoint kStart{std::chrono::seconds(1000)};
constexpr milliseconds kInterval{100};

TEST(CommitScheduleTest, PeriodCountsFromTheCommitsStart) {
  // A 30 ms commit: the next one is 100 ms after this one began, not after
  // it ended.
  EXPECT_EQ(next_commit_due(kStart, kStart + milliseconds(30), kInterval),
            kStart + kInterval);
  EXPECT_EQ(next_commit_due(kStart, kStart, kInterval), kStart + kInterval);
  EXPECT_EQ(next_commit_due(kStart, kStart + milliseconds(99), kInterval),
            kStart + kInterval);
}

TEST(CommitScheduleTest, OverrunIsFollowedByAWholeInterval) {
  // A commit as long as the interval or longer: a whole interval of
  // processing follows, never a commit due at once.
  EXPECT_EQ(next_commit_due(kStart, kStart + kInterval, kInterval),
            kStart + 2 * kInterval);
  const TimePoint ended = kStart + milliseconds(250);
  EXPECT_EQ(next_commit_due(kStart, ended, kInterval), ended + kInterval);
}

}  // namespace
}  // namespace sluice::detail
