// Metric values as the runtime and the test driver report them.
//
// Names follow Kafka Streams' conventions (process-total,
// dropped-records-total, ...); tags say where a value comes from
// (thread-id, task-id, processor-node-id, reason). The TopologyTestDriver
// also reports process-total per processor node
// (stream-processor-node-metrics, tag processor-node-id); the runtime does
// not yet.
//
// Thread-safety: values.
#ifndef SLUICE_METRICS_H_
#define SLUICE_METRICS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

struct MetricValue {
  std::string name;   // e.g. "process-total"
  std::string group;  // e.g. "stream-task-metrics"
  std::map<std::string, std::string> tags;
  double value = 0;
};

// The sum of the values named `name` whose tags include all of `tags`, in
// any group. Some names exist in several groups (process-total per task in
// stream-task-metrics and per processor node in
// stream-processor-node-metrics): use group_metric_sum for those.
double metric_sum(const std::vector<MetricValue>& metrics,
                  std::string_view name,
                  const std::map<std::string, std::string>& tags = {});

// The sum of the values named `name` in `group` whose tags include all of
// `tags`.
double group_metric_sum(const std::vector<MetricValue>& metrics,
                        std::string_view group, std::string_view name,
                        const std::map<std::string, std::string>& tags = {});

}  // namespace sluice

#endif  // SLUICE_METRICS_H_
