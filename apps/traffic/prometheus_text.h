// The /metrics page: the framework's metrics (KafkaStreams::metrics()) and
// the app's (AppMetrics) in the Prometheus text exposition format, written
// by prometheus-cpp's TextSerializer.
//
// Framework metrics are named as the Prometheus JMX exporter names Kafka
// Streams' metrics: kafka_streams_<group>_<name>, '-' -> '_', tags as
// labels (thread_id, task_id, ...). A name ending in "-total" is a counter,
// anything else a gauge; "-ms" values are converted to "_seconds".
//   process-total (stream-task-metrics)
//     -> kafka_streams_stream_task_metrics_process_total{thread_id,task_id}
//   commit-latency-ms (stream-thread-metrics)
//     -> kafka_streams_stream_thread_metrics_commit_latency_seconds
// The instance state is kafka_streams_state{state="RUNNING"} 1 (one series
// per state, 0 for the others).

#ifndef TRAFFIC_PROMETHEUS_TEXT_H_
#define TRAFFIC_PROMETHEUS_TEXT_H_

#include <optional>
#include <string>
#include <vector>

#include "prometheus/metric_family.h"
#include "sluice/kafka_streams.h"
#include "sluice/metrics.h"
#include "traffic/app_metrics.h"

namespace traffic {

// Converts framework metrics to families, sorted by name.
std::vector<prometheus::MetricFamily> framework_families(
    const std::vector<sluice::MetricValue>& metrics);

// The whole page. `state` is omitted when there is no instance.
std::string prometheus_text(const std::vector<sluice::MetricValue>& framework,
                            std::optional<sluice::KafkaStreams::State> state,
                            const AppMetrics& app);

}  // namespace traffic

#endif  // TRAFFIC_PROMETHEUS_TEXT_H_
