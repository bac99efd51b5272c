#include "observe/metrics_registry.h"

#include <tuple>

namespace sluice {

Counter& MetricsRegistry::counter(const std::string& name,
                                  const std::string& group, const Tags& tags) {
  std::lock_guard lock(mutex_);
  return counters_[Key{name, group, tags}];
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& group,
                              const Tags& tags) {
  std::lock_guard lock(mutex_);
  return gauges_[Key{name, group, tags}];
}

LatencyHistogram& MetricsRegistry::histogram(const std::string& name,
                                             const std::string& group,
                                             const Tags& tags) {
  std::lock_guard lock(mutex_);
  return histograms_[Key{name, group, tags}];
}

std::vector<MetricValue> MetricsRegistry::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<MetricValue> out;
  out.reserve(counters_.size() + gauges_.size());
  for (const auto& [key, c] : counters_) {
    out.push_back(
        {key.name, key.group, key.tags, static_cast<double>(c.value())});
  }
  for (const auto& [key, g] : gauges_) {
    out.push_back({key.name, key.group, key.tags, g.value()});
  }
  for (const auto& [key, h] : histograms_) {
    out.push_back(
        {key.name + "-p50-ms", key.group, key.tags, h.quantile_ms(0.5)});
    out.push_back(
        {key.name + "-p99-ms", key.group, key.tags, h.quantile_ms(0.99)});
    out.push_back({key.name + "-max-ms", key.group, key.tags, h.max_ms()});
  }
  return out;
}

namespace {

bool has_tags(const MetricValue& m,
              const std::map<std::string, std::string>& tags) {
  for (const auto& [k, v] : tags) {
    auto it = m.tags.find(k);
    if (it == m.tags.end() || it->second != v) return false;
  }
  return true;
}

}  // namespace

double metric_sum(const std::vector<MetricValue>& metrics,
                  std::string_view name,
                  const std::map<std::string, std::string>& tags) {
  double sum = 0;
  for (const MetricValue& m : metrics) {
    if (m.name == name && has_tags(m, tags)) sum += m.value;
  }
  return sum;
}

double group_metric_sum(const std::vector<MetricValue>& metrics,
                        std::string_view group, std::string_view name,
                        const std::map<std::string, std::string>& tags) {
  double sum = 0;
  for (const MetricValue& m : metrics) {
    if (m.group == group && m.name == name && has_tags(m, tags)) {
      sum += m.value;
    }
  }
  return sum;
}

}  // namespace sluice
