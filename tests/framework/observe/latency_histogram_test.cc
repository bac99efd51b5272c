#include "observe/latency_histogram.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(LatencyHistogramTest, EmptyReportsZero) {
  const LatencyHistogram h;
  EXPECT_EQ(h.quantile_ms(0.5), 0);
  EXPECT_EQ(h.max_ms(), 0);
}

TEST(LatencyHistogramTest, QuantilesAreWithinOneBucket) {
  LatencyHistogram h;
  const auto now = Clock::now();
  for (int us = 1; us <= 1000; ++us)
    h.record(std::chrono::microseconds(us), now);
  // Buckets are 12.5% wide; a quantile is reported as its bucket's top.
  EXPECT_GE(h.quantile_ms(0.5), 0.500);
  EXPECT_LE(h.quantile_ms(0.5), 0.500 * 1.125);
  EXPECT_GE(h.quantile_ms(0.99), 0.990);
  EXPECT_LE(h.quantile_ms(0.99), 0.990 * 1.125);
  EXPECT_GE(h.max_ms(), 1.0);
  EXPECT_LE(h.max_ms(), 1.125);
}

TEST(LatencyHistogramTest, SmallAndHugeValuesLandInRange) {
  LatencyHistogram h;
  const auto now = Clock::now();
  h.record(0ns, now);
  h.record(-5ns, now);  // a clock step: counted as 0
  h.record(5ns, now);
  EXPECT_LE(h.max_ms(), 6e-6);
  h.record(std::chrono::hours(1), now);  // beyond the top bucket: clamped
  EXPECT_GT(h.max_ms(), 1e6);
}

TEST(LatencyHistogramTest, OldPeriodsAgeOut) {
  LatencyHistogram h;
  const auto t0 = Clock::now();
  h.record(1s, t0);
  h.record(1ms, t0 + LatencyHistogram::kPeriod + 1s);
  EXPECT_GE(h.max_ms(), 1000);  // the previous period still counts
  h.record(1ms, t0 + 2 * LatencyHistogram::kPeriod + 2s);
  EXPECT_LE(h.max_ms(), 1.125);  // two periods later it does not
  EXPECT_LE(h.quantile_ms(0.99), 1.125);
}

}  // namespace
}  // namespace sluice
