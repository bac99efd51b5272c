#include "traffic/prometheus_text.h"

#include <gtest/gtest.h>

#include <string>

namespace traffic {
namespace {

TEST(traffic_prometheus_text, FrameworkMetricsGetKafkaStreamsNames) {
  const std::vector<sluice::MetricValue> metrics = {
      {"process-total",
       "stream-task-metrics",
       {{"thread-id", "t1"}, {"task-id", "0_1"}},
       5},
      {"process-total",
       "stream-task-metrics",
       {{"thread-id", "t1"}, {"task-id", "0_2"}},
       7},
      {"commit-latency-ms",
       "stream-thread-metrics",
       {{"thread-id", "t1"}},
       250},
  };
  const auto families = framework_families(metrics);
  ASSERT_EQ(families.size(), 2u);
  EXPECT_EQ(families[0].name,
            "kafka_streams_stream_task_metrics_process_total");
  EXPECT_EQ(families[0].type, prometheus::MetricType::Counter);
  EXPECT_EQ(families[0].metric.size(), 2u);
  EXPECT_EQ(families[1].name,
            "kafka_streams_stream_thread_metrics_commit_latency_seconds");
  EXPECT_EQ(families[1].type, prometheus::MetricType::Gauge);
  EXPECT_DOUBLE_EQ(families[1].metric[0].gauge.value, 0.25);
}

TEST(traffic_prometheus_text, PageHasStateAndAppMetrics) {
  AppMetrics app;
  ReasonSet reasons;
  reasons.add({ReasonKind::kSpeedOutOfRange, Field::kRoot});
  app.record_invalid(reasons, std::chrono::microseconds(3), std::nullopt, 1);
  app.record_valid(std::chrono::microseconds(2), std::chrono::milliseconds(4),
                   2);
  const std::string text = prometheus_text(
      {{"late-records-total", "stream-task-metrics", {{"task-id", "1_0"}}, 1}},
      sluice::KafkaStreams::State::kRunning, app);
  for (const char* line :
       {"# TYPE kafka_streams_stream_task_metrics_late_records_total counter",
        "kafka_streams_state{state=\"RUNNING\"} 1",
        "kafka_streams_state{state=\"ERROR\"} 0", "traffic_readings_total 2",
        "traffic_valid_readings_total 1", "traffic_dead_letter_records_total 1",
        "traffic_dead_letter_reasons_total{reason=\"speed_out_of_range\"} 1",
        "# TYPE traffic_process_latency_seconds histogram",
        "traffic_process_latency_seconds_bucket{le=\"2e-06\"} 1",
        "traffic_record_e2e_latency_seconds_count 1"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
}

}  // namespace
}  // namespace traffic
