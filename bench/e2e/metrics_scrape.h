// Processing latency (poll to produce) as traffic-processor reports it on
// /metrics. Only sluice reports it; the framework metric is looked up by
// the name "process-latency" (Prometheus: process_latency), with p50/p99
// given either as quantile labels or as name suffixes.
#ifndef BENCH_E2E_METRICS_SCRAPE_H_
#define BENCH_E2E_METRICS_SCRAPE_H_

#include <optional>
#include <string>
#include <vector>

namespace e2e {

struct ProcessLatency {
  std::optional<double> p50_us;  // framework: poll to produce
  std::optional<double> p99_us;
  std::optional<double> transform_p50_us;  // the app's decode+validate only
  std::optional<double> transform_p99_us;
  std::vector<std::string> lines;  // the matching lines, for the record
  std::string error;               // why nothing was read, or ""
};

// GETs http://127.0.0.1:<port>/metrics and parses it. Thread-safe.
ProcessLatency scrape_process_latency(int port);

// Parses a Prometheus text page (for tests and scrape_process_latency).
ProcessLatency parse_process_latency(const std::string& page);

}  // namespace e2e

#endif  // BENCH_E2E_METRICS_SCRAPE_H_
