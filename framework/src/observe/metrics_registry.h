// A registry of counters and gauges shared by the threads of one instance.
//
// Counters are created (under a mutex) when a task or thread starts and are
// then updated lock-free; snapshot() reads them all.
//
// Thread-safety: thread-safe.
#ifndef SLUICE_SRC_OBSERVE_METRICS_REGISTRY_H_
#define SLUICE_SRC_OBSERVE_METRICS_REGISTRY_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "observe/latency_histogram.h"
#include "sluice/detail/counter.h"  // Counter
#include "sluice/metrics.h"

namespace sluice {

// A value that goes up and down.
class Gauge {
 public:
  void set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  double value() const noexcept {
    return value_.load(std::memory_order_relaxed);
  }

 private:
  std::atomic<double> value_{0};
};

class MetricsRegistry {
 public:
  using Tags = std::map<std::string, std::string>;

  // The counter with this name, group and tags, created at zero on first use.
  // The reference stays valid for the registry's lifetime.
  Counter& counter(const std::string& name, const std::string& group,
                   const Tags& tags);
  Gauge& gauge(const std::string& name, const std::string& group,
               const Tags& tags);
  // A latency histogram; snapshot() reports it as <name>-p50-ms,
  // <name>-p99-ms and <name>-max-ms.
  LatencyHistogram& histogram(const std::string& name, const std::string& group,
                              const Tags& tags);

  std::vector<MetricValue> snapshot() const;

 private:
  struct Key {
    std::string name;
    std::string group;
    Tags tags;
    bool operator<(const Key& o) const {
      return std::tie(name, group, tags) < std::tie(o.name, o.group, o.tags);
    }
  };

  mutable std::mutex mutex_;
  std::map<Key, Counter> counters_;
  std::map<Key, Gauge> gauges_;
  std::map<Key, LatencyHistogram> histograms_;
};

}  // namespace sluice

#endif  // SLUICE_SRC_OBSERVE_METRICS_REGISTRY_H_
