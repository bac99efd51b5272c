#include "metrics_scrape.h"

#include <httplib.h>

#include <algorithm>
#include <sstream>

namespace e2e {
namespace {

// Value of one sample in microseconds, from a name that says its unit.
double to_us(const std::string& name, double value) {
  if (name.find("_seconds") != std::string::npos) return value * 1e6;
  if (name.find("_ms") != std::string::npos) return value * 1e3;
  if (name.find("_ns") != std::string::npos) return value / 1e3;
  return value * 1e6;  // Prometheus' base unit
}

// Which quantile a sample line is, 0.5 or 0.99; 0 for neither.
double quantile_of(const std::string& line) {
  if (line.find("quantile=\"0.5\"") != std::string::npos) return 0.5;
  if (line.find("quantile=\"0.99\"") != std::string::npos) return 0.99;
  const std::string name = line.substr(0, line.find_first_of("{ "));
  if (name.find("p50") != std::string::npos) return 0.5;
  if (name.find("p99") != std::string::npos &&
      name.find("p999") == std::string::npos) {
    return 0.99;
  }
  return 0;
}

// Keeps the largest value per quantile (one series per thread or task).
void keep_max(std::optional<double>* slot, double value) {
  *slot = slot->has_value() ? std::max(**slot, value) : value;
}

}  // namespace

ProcessLatency parse_process_latency(const std::string& page) {
  ProcessLatency out;
  std::istringstream in(page);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const bool app = line.rfind("traffic_process_latency", 0) == 0;
    const std::string name = line.substr(0, line.find_first_of("{ "));
    if (!app && name.find("process_latency") == std::string::npos) continue;
    const double q = quantile_of(line);
    if (q == 0) continue;
    double value = 0;
    try {
      value = std::stod(line.substr(line.rfind(' ') + 1));
    } catch (const std::exception&) {
      continue;
    }
    if (value != value) continue;  // NaN: no observations yet
    const double us = to_us(name, value);
    if (app) {
      keep_max(q == 0.5 ? &out.transform_p50_us : &out.transform_p99_us, us);
    } else {
      out.lines.push_back(line);
      keep_max(q == 0.5 ? &out.p50_us : &out.p99_us, us);
    }
  }
  if (!out.p50_us && !out.p99_us) {
    out.error = "no process-latency metric on /metrics";
  }
  return out;
}

ProcessLatency scrape_process_latency(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  httplib::Result result = client.Get("/metrics");
  if (!result || result->status != 200) {
    ProcessLatency out;
    out.error = "GET /metrics on port " + std::to_string(port) + " failed";
    return out;
  }
  return parse_process_latency(result->body);
}

}  // namespace e2e
