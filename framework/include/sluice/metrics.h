// Metric values as the runtime and the test driver report them.
//
// Names follow Kafka Streams' conventions (process-total,
// dropped-records-total, ...); tags say where a value comes from
// (thread-id, task-id, processor-node-id, reason).
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

// The sum of the values named `name` whose tags include all of `tags`.
double metric_sum(const std::vector<MetricValue>& metrics,
                  std::string_view name,
                  const std::map<std::string, std::string>& tags = {});

}  // namespace sluice

#endif  // SLUICE_METRICS_H_
