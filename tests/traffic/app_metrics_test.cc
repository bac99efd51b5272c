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

}  // namespace
}  // namespace traffic
