#include "runtime/burst_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice {
namespace {

using ::testing::HasSubstr;

class BurstLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_log_sink([this](const LogEvent& e) {
      lines_.emplace_back(e.message);
      components_.emplace_back(e.component);
    });
  }
  void TearDown() override { set_log_sink({}); }

  std::vector<std::string> lines_;
  std::vector<std::string> components_;
  const LogContext context_{"app", "app-StreamThread-1", "0_2"};
};

TEST_F(BurstLogTest, TenDetailedLinesThenOneSummaryPerPeriod) {
  BurstLog burst("dead-lettered");
  std::int64_t now = 1'000'000;
  for (int i = 0; i < 10; ++i) {
    burst.note(now, LogLevel::kWarn, context_,
               "bad record " + std::to_string(i));
  }
  ASSERT_EQ(lines_.size(), 10u);
  EXPECT_EQ(lines_[0], "bad record 0");
  EXPECT_THAT(lines_[9], HasSubstr("summarized every 10 s"));
  EXPECT_EQ(components_[0], "task 0_2");
  // A burst of 1,000 within the period: no line until the period is over.
  for (int i = 0; i < 1000; ++i) {
    burst.note(++now, LogLevel::kWarn, context_, "detail");
  }
  EXPECT_EQ(lines_.size(), 10u);
  now += BurstLog::kSummaryEveryMs;
  burst.note(now, LogLevel::kWarn, context_, "detail");
  ASSERT_EQ(lines_.size(), 11u);
  EXPECT_THAT(lines_[10], HasSubstr("dead-lettered 1001 records in the last"));
  EXPECT_THAT(lines_[10], HasSubstr("(1011 in total)"));
}

TEST_F(BurstLogTest, FlushReportsTheEndOfABurst) {
  BurstLog burst("skipped");
  std::int64_t now = 0;
  for (int i = 0; i < 15; ++i) burst.note(now, LogLevel::kWarn, context_, "x");
  ASSERT_EQ(lines_.size(), 10u);
  burst.flush(now + 1, LogLevel::kWarn, context_);  // not due yet
  EXPECT_EQ(lines_.size(), 10u);
  burst.flush(now + BurstLog::kSummaryEveryMs, LogLevel::kWarn, context_);
  ASSERT_EQ(lines_.size(), 11u);
  EXPECT_THAT(lines_[10], HasSubstr("skipped 5 records"));
  burst.flush(now + 5 * BurstLog::kSummaryEveryMs, LogLevel::kWarn, context_);
  EXPECT_EQ(lines_.size(), 11u);  // nothing new to report
}

}  // namespace
}  // namespace sluice
