#include "traffic/app_metrics.h"

#include <gtest/gtest.h>

namespace traffic {
namespace {

TEST(traffic_app_metrics, CountsOutcomesReasonsAndLatencies) {
  AppMetrics m;
  EXPECT_FALSE(m.last_reading_ms());
  ReasonSet reasons;
  reasons.add({ReasonKind::kMissingField, Field::kSensorId});
  reasons.add({ReasonKind::kSpeedOutOfRange, Field::kRoot});
  m.record_invalid(reasons, std::chrono::microseconds(10), std::nullopt, 5);
  m.record_invalid(reasons, std::chrono::microseconds(10), std::nullopt, 6);
  for (int i = 1; i <= 100; ++i) {
    m.record_valid(std::chrono::microseconds(i), std::chrono::milliseconds(i),
                   7);
  }
  m.record_window_emitted();
  EXPECT_EQ(m.readings(), 102u);
  EXPECT_EQ(m.valid(), 100u);
  EXPECT_EQ(m.dead_lettered(), 2u);
  EXPECT_EQ(m.windows_emitted(), 1u);
  EXPECT_EQ(m.last_reading_ms(), 7);
  EXPECT_EQ(m.dead_letter_reasons(),
            (std::map<std::string, std::uint64_t>{
                {"missing_field:sensor_id", 2}, {"speed_out_of_range", 2}}));
  const LatencySnapshot e2e = m.e2e_latency();
  EXPECT_EQ(e2e.count, 100u);
  EXPECT_NEAR(e2e.p50, 0.050, 0.003);
  EXPECT_NEAR(e2e.p99, 0.099, 0.002);
  EXPECT_NEAR(e2e.mean, 0.0505, 1e-9);
  EXPECT_EQ(m.process_latency().count, 102u);
}

TEST(traffic_app_metrics, LatencyQuantilesInterpolateWithinBuckets) {
  AppMetrics m;
  EXPECT_EQ(m.process_latency().count, 0u);
  EXPECT_EQ(m.process_latency().p99, 0);
  // 90 readings of 3 us (bucket 2..5 us), 10 of 7 us (bucket 5..10 us).
  for (int i = 0; i < 100; ++i) {
    m.record_valid(std::chrono::microseconds(i < 90 ? 3 : 7), std::nullopt, 1);
  }
  const LatencySnapshot p = m.process_latency();
  EXPECT_EQ(p.count, 100u);
  EXPECT_NEAR(p.p50, 2e-6 + 3e-6 * 50 / 90, 1e-12);
  EXPECT_NEAR(p.p99, 5e-6 + 5e-6 * 9 / 10, 1e-12);
  EXPECT_NEAR(p.mean, 3.4e-6, 1e-12);
  EXPECT_EQ(m.e2e_latency().count, 0u);
}

TEST(traffic_app_metrics, LatencyAboveTheLastBucketReportsItsBound) {
  AppMetrics m;
  m.record_valid(std::chrono::seconds(1), std::chrono::minutes(5), 1);
  EXPECT_DOUBLE_EQ(m.e2e_latency().p99, 60);
  EXPECT_DOUBLE_EQ(m.process_latency().p50, 1e-2);
}

}  // namespace
}  // namespace traffic
