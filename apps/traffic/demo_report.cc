#include "traffic/demo_report.h"

#include <algorithm>
#include <map>

#include "traffic/core/sensor_catalog.h"
#include "traffic/progress_line.h"
#include "traffic/window_result.h"

namespace traffic {
namespace {

using Count = unsigned long long;

const char* mark(bool ok) { return ok ? "ok" : "MISMATCH"; }

}  // namespace

void DemoTally::add(const FeedItem& item) {
  ++sent;
  const GeneratedReading& r = item.reading;
  if (!r.expected.empty()) {
    ++invalid;
    for (const std::string& code : r.expected.codes()) ++reasons[code];
    return;
  }
  ++valid;
  if (item.delayed) ++delayed;
  if (item.delayed || item.closing) return;
  const std::int64_t start =
      r.truth.event_time_ms - r.truth.event_time_ms % window_ms;
  windows_.emplace(r.truth.sensor_id, start);
}

std::string progress_text(const DemoTally& tally, const AppMetrics& metrics,
                          std::uint64_t total,
                          const std::vector<sluice::MetricValue>& framework) {
  char text[256];
  std::snprintf(
      text, sizeof text,
      "%s sent %llu/%llu  processed %llu  valid %llu  DLQ %llu  late %.0f  "
      "windows %llu",
      progress_bar(std::min(tally.sent, total), total, 24).c_str(),
      static_cast<Count>(tally.sent), static_cast<Count>(total),
      static_cast<Count>(metrics.readings()),
      static_cast<Count>(metrics.valid()),
      static_cast<Count>(metrics.dead_lettered()),
      sluice::metric_sum(framework, "late-records-total"),
      static_cast<Count>(metrics.windows_emitted()));
  return text;
}

bool print_report(std::FILE* out, const DemoTally& tally,
                  const AppMetrics& metrics,
                  const std::vector<sluice::MetricValue>& framework,
                  const std::vector<sluice::testing::Message>& aggregates,
                  const DemoFigures& figures, const TopologyOptions& topology) {
  const auto late = static_cast<std::uint64_t>(
      sluice::metric_sum(framework, "late-records-total"));
  const bool in_ok = metrics.readings() == tally.sent &&
                     metrics.valid() + metrics.dead_lettered() == tally.sent;
  const bool valid_ok = metrics.valid() == tally.valid;
  const bool dlq_ok = metrics.dead_lettered() == tally.invalid &&
                      metrics.dead_letter_reasons() == tally.reasons;
  const bool late_ok = late == tally.delayed;
  const bool windows_ok = metrics.windows_emitted() == tally.windows() &&
                          aggregates.size() == tally.windows();

  std::fprintf(out, "\n%-44s %8llu   %s\n", "readings in (processed)",
               static_cast<Count>(metrics.readings()), mark(in_ok));
  std::fprintf(out, "%-44s %8llu   %s\n",
               ("valid -> " + topology.output_topic).c_str(),
               static_cast<Count>(metrics.valid()), mark(valid_ok));
  std::fprintf(out, "%-44s %8llu   %s (by reason, as generated)\n",
               ("dead-lettered -> " + topology.dlq_topic).c_str(),
               static_cast<Count>(metrics.dead_lettered()), mark(dlq_ok));
  // By kind; the check above compared every full code.
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> kinds;
  for (const auto& [code, n] : metrics.dead_letter_reasons()) {
    auto& [count, fields] = kinds[code.substr(0, code.find(':'))];
    count += n;
    fields += code.find(':') != std::string::npos ? 1 : 0;
  }
  for (const auto& [kind, counts] : kinds) {
    std::string label = kind;
    if (counts.second > 0) {
      label += " (" + std::to_string(counts.second) +
               (counts.second == 1 ? " field)" : " fields)");
    }
    std::fprintf(out, "    %-40s %8llu\n", label.c_str(),
                 static_cast<Count>(counts.first));
  }
  std::fprintf(
      out, "%-44s %8llu   %s\n",
      ("late (valid; counted, copied to " + topology.late_topic + ")").c_str(),
      static_cast<Count>(late), mark(late_ok));
  std::fprintf(out, "%-44s %8llu   %s\n",
               ("windows emitted -> " + topology.agg_topic).c_str(),
               static_cast<Count>(aggregates.size()), mark(windows_ok));
  std::fprintf(out,
               "accounting: in %llu = valid %llu + dead-lettered %llu: %s\n",
               static_cast<Count>(metrics.readings()),
               static_cast<Count>(metrics.valid()),
               static_cast<Count>(metrics.dead_lettered()), mark(in_ok));

  std::vector<WindowResult> windows;
  for (const auto& m : aggregates) {
    if (auto w = parse_window_result(m.value.value_or(""))) {
      windows.push_back(std::move(*w));
    }
  }
  std::fprintf(out, "\naverage speed by highway (closed windows), mph:\n");
  const auto speeds = highway_speeds(windows, SensorCatalog::metr_la());
  for (std::size_t i = 0; i < speeds.size(); ++i) {
    if (!speeds[i].direction.empty()) continue;
    std::string line = speeds[i].highway + ":";
    line.resize(10, ' ');
    char all[32];
    std::snprintf(all, sizeof all, "%5.1f  ", speeds[i].average_mph);
    line += all;
    for (std::size_t j = i + 1;
         j < speeds.size() && !speeds[j].direction.empty(); ++j) {
      char part[32];
      std::snprintf(part, sizeof part, " %s %5.1f", speeds[j].direction.c_str(),
                    speeds[j].average_mph);
      line += part;
    }
    std::fprintf(out, "  %s\n", line.c_str());
  }
  std::fprintf(out,
               "\nmost congested sensors (share of readings below %.0f mph):\n",
               topology.congestion_mph);
  for (const SensorCongestion& s : most_congested(windows, 5)) {
    const Sensor* sensor = SensorCatalog::metr_la().find(s.sensor_id);
    std::fprintf(
        out, "  %s  %-7s %c  %5.1f%%  avg %5.1f mph  (%llu readings)\n",
        s.sensor_id.c_str(), sensor != nullptr ? sensor->highway.c_str() : "?",
        sensor != nullptr ? static_cast<char>(sensor->direction) : '?',
        100 * s.congested_share(), s.average_mph,
        static_cast<Count>(s.readings));
  }

  const LatencySnapshot e2e = metrics.e2e_latency();
  const LatencySnapshot process = metrics.process_latency();
  std::fprintf(out,
               "\nthroughput: %llu readings in %.2f s = %.0f readings/s "
               "(one simulated round at a time)\n",
               static_cast<Count>(tally.sent), figures.feed_seconds,
               figures.feed_seconds > 0
                   ? static_cast<double>(tally.sent) / figures.feed_seconds
                   : 0.0);
  std::fprintf(out,
               "latency, sent -> processed: p50 %.1f ms, p99 %.1f ms%s\n"
               "time to decode + validate + flatten one reading: p50 %.1f us, "
               "p99 %.1f us\n",
               e2e.p50 * 1e3, e2e.p99 * 1e3,
               e2e.p99 > 0.5 ? " (the first round waits for the consumer's "
                               "first fetch of each partition)"
                             : "",
               process.p50 * 1e6, process.p99 * 1e6);
  std::fprintf(out, "run time: %.1f s\n", figures.run_seconds);
  const bool all_ok = in_ok && valid_ok && dlq_ok && late_ok && windows_ok;
  std::fprintf(out, "%s\n",
               all_ok ? "every reading accounted for"
                      : "ACCOUNTING MISMATCH (see above)");
  return all_ok;
}

}  // namespace traffic
