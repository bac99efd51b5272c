// What traffic-demo counts while it feeds the processor, and the summary it
// prints at the end.

#ifndef TRAFFIC_DEMO_REPORT_H_
#define TRAFFIC_DEMO_REPORT_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sluice/metrics.h"
#include "sluice/testing/test_client.h"
#include "traffic/app_metrics.h"
#include "traffic/reading_feed.h"
#include "traffic/topology.h"

namespace traffic {

// The ground truth of what was sent. Not thread-safe.
struct DemoTally {
  explicit DemoTally(
      std::chrono::milliseconds window_size = std::chrono::minutes(5))
      : window_ms(window_size.count()) {}

  void add(const FeedItem& item);
  // Windows that must be emitted: (sensor, window start) of every valid
  // reading that was neither late nor part of the closing round.
  std::uint64_t windows() const { return windows_.size(); }

  std::int64_t window_ms;
  std::uint64_t sent = 0;
  std::uint64_t valid = 0;
  std::uint64_t invalid = 0;
  std::uint64_t delayed = 0;
  std::map<std::string, std::uint64_t> reasons;  // code -> count

 private:
  std::set<std::pair<std::string, std::int64_t>> windows_;
};

// The live progress line.
std::string progress_text(const DemoTally& tally, const AppMetrics& metrics,
                          std::uint64_t total,
                          const std::vector<sluice::MetricValue>& framework);

struct DemoFigures {
  double feed_seconds = 0;  // first reading sent .. last one processed
  double run_seconds = 0;   // the whole program so far
};

// Prints the summary: readings in, valid, dead-lettered by reason, late,
// windows, the accounting check, per-highway average speeds, the most
// congested sensors, throughput and latencies. Returns true when every
// count equals the ground truth.
bool print_report(std::FILE* out, const DemoTally& tally,
                  const AppMetrics& metrics,
                  const std::vector<sluice::MetricValue>& framework,
                  const std::vector<sluice::testing::Message>& aggregates,
                  const DemoFigures& figures, const TopologyOptions& topology);

}  // namespace traffic

#endif  // TRAFFIC_DEMO_REPORT_H_
