#include "traffic/prometheus_text.h"

#include <algorithm>
#include <map>

#include "prometheus/text_serializer.h"

namespace traffic {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

std::string snake(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_';
    if (!ok) c = '_';
  }
  if (!out.empty() && out.front() >= '0' && out.front() <= '9') {
    out.insert(out.begin(), '_');
  }
  return out;
}

// What the framework's metrics mean (metrics.h names them).
const std::map<std::string, std::string, std::less<>>& known_help() {
  static const std::map<std::string, std::string, std::less<>> kHelp = {
      {"process-total", "Records processed by the task (all sources)."},
      {"produce-total", "Records the task sent to topics."},
      {"dropped-records-total",
       "Records dropped on purpose (filters, unmatched branches)."},
      {"skipped-records-total",
       "Records skipped by the log_and_continue error policy."},
      {"dead-letter-records-total",
       "Records sent to the DLQ by the dead_letter error policy (failures "
       "in user code; invalid readings are "
       "traffic_dead_letter_records_total)."},
      {"late-records-total",
       "Records too late for every window they belong to."},
      {"commit-total", "Commits of the stream thread."},
      {"commit-failed-total", "Commits that failed."},
      {"commit-latency-ms", "Duration of the last commit."},
      {"restore-records-total", "Changelog records restored into stores."},
      {"restore-latency-ms", "Duration of the last store restore."},
      {"records-lag",
       "Records in the partition not yet processed (high watermark - "
       "position), at the last commit."},
      {"estimate-num-keys", "Approximate number of keys in the store."},
      {"cache-size-bytes", "Bytes in the store's record cache."},
      {"flushed-records-total",
       "Store entries written to the store and its changelog at commits."},
      {"restore-remaining-records", "Changelog records still to restore."},
      {"process-latency-p50-ms",
       "Median time from poll to outputs handed to the producer."},
      {"process-latency-p99-ms",
       "99th percentile of the time from poll to outputs handed to the "
       "producer."},
      {"process-latency-max-ms",
       "Largest time from poll to outputs handed to the producer."},
      {"assigned-partitions", "Input partitions the stream thread owns."},
  };
  return kHelp;
}

}  // namespace

std::vector<MetricFamily> framework_families(
    const std::vector<sluice::MetricValue>& metrics) {
  std::map<std::string, MetricFamily> families;
  for (const sluice::MetricValue& m : metrics) {
    std::string_view name = m.name;
    double value = m.value;
    std::string unit;
    if (name.ends_with("-ms")) {
      name.remove_suffix(3);
      value /= 1000.0;
      unit = "_seconds";
    }
    const bool counter = name.ends_with("-total");
    const std::string full =
        "kafka_streams_" + snake(m.group) + "_" + snake(name) + unit;
    MetricFamily& family = families[full];
    if (family.name.empty()) {
      family.name = full;
      family.type = counter ? MetricType::Counter : MetricType::Gauge;
      const auto it = known_help().find(m.name);
      family.help = m.group == "stream-processor-node-metrics"
                        ? "Records the processor node received."
                    : it != known_help().end()
                        ? it->second
                        : "sluice metric " + m.name + " (" + m.group + ")";
    }
    ClientMetric metric;
    for (const auto& [key, tag] : m.tags)
      metric.label.push_back({snake(key), tag});
    if (counter) {
      metric.counter.value = value;
    } else {
      metric.gauge.value = value;
    }
    family.metric.push_back(std::move(metric));
  }
  std::vector<MetricFamily> out;
  out.reserve(families.size());
  for (auto& [name, family] : families) out.push_back(std::move(family));
  return out;
}

std::string prometheus_text(const std::vector<sluice::MetricValue>& framework,
                            std::optional<sluice::KafkaStreams::State> state,
                            const AppMetrics& app) {
  std::vector<MetricFamily> families = framework_families(framework);
  if (state) {
    MetricFamily family;
    family.name = "kafka_streams_state";
    family.help = "The instance's state: 1 for the current one.";
    family.type = MetricType::Gauge;
    using State = sluice::KafkaStreams::State;
    for (State s :
         {State::kCreated, State::kRebalancing, State::kRunning,
          State::kPendingShutdown, State::kNotRunning, State::kError}) {
      ClientMetric metric;
      metric.label.push_back({"state", std::string(sluice::state_name(s))});
      metric.gauge.value = s == *state ? 1 : 0;
      family.metric.push_back(std::move(metric));
    }
    families.push_back(std::move(family));
  }
  for (MetricFamily& family : app.collect()) {
    families.push_back(std::move(family));
  }
  std::sort(families.begin(), families.end(),
            [](const MetricFamily& a, const MetricFamily& b) {
              return a.name < b.name;
            });
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace traffic
