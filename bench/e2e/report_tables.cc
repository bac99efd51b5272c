#include "report_tables.h"

#include <algorithm>

namespace e2e {
namespace {

std::optional<double> ratio(const std::optional<double>& a,
                            const std::optional<double>& b) {
  if (!a || !b || *b == 0) return std::nullopt;
  return *a / *b;
}

std::string cluster_of(const Scenario& s) {
  return s.embedded ? "embedded (mock; EOS not real)" : "real broker";
}

std::string outputs_of(const ScenarioResult& r) {
  if (!r.ran) return "n/a";
  if (!r.finished) return "unfinished";
  return r.accounting;
}

}  // namespace

Table results_table(const Report& report) {
  Table t = {{"contender", "cluster", "guarantee", "records/s",
              "% of passthrough", "CPU us/record", "RSS peak MB",
              "RSS steady MB", "e2e p50 ms", "e2e p99 ms", "at records/s",
              "equal load e2e p50 ms", "equal load e2e p99 ms", "proc p50 us",
              "proc p99 us", "outputs", "note"}};
  for (const ScenarioResult& r : report.results) {
    const Scenario& s = r.scenario;
    const ScenarioResult* pt =
        find_result(report, "passthrough", s.embedded, s.guarantee);
    std::optional<double> share = ratio(r.rate, pt ? pt->rate : std::nullopt);
    if (share) *share *= 100;
    t.push_back({s.contender.name, cluster_of(s), s.guarantee, fmt(r.rate, 0),
                 fmt(share, 0), fmt(r.cpu_us, 2), fmt(r.rss_peak_mb, 1),
                 fmt(r.rss_steady_mb, 1), fmt(r.e2e_p50_ms, 1),
                 fmt(r.e2e_p99_ms, 1),
                 r.latency_samples > 0 ? fmt(r.latency_rate, 0) : "n/a",
                 fmt(r.equal_e2e_p50_ms, 1), fmt(r.equal_e2e_p99_ms, 1),
                 fmt(r.process_latency.p50_us, 1),
                 fmt(r.process_latency.p99_us, 1), outputs_of(r), r.note});
  }
  return t;
}

Table ratios_table(const Report& report) {
  Table t = {{"cluster", "guarantee", "sluice vs", "throughput x",
              "CPU/record: x less", "RSS steady: x less", "RSS peak: x less",
              "e2e p99 (half own max rate): x lower",
              "e2e p99 (equal load): x lower"}};
  for (const ScenarioResult& r : report.results) {
    const Scenario& s = r.scenario;
    if (s.contender.name == "sluice" || !r.ran) continue;
    const ScenarioResult* sl =
        find_result(report, "sluice", s.embedded, s.guarantee);
    if (sl == nullptr || !sl->ran) continue;
    t.push_back({cluster_of(s), s.guarantee, s.contender.name,
                 fmt(ratio(sl->rate, r.rate), 2),
                 fmt(ratio(r.cpu_us, sl->cpu_us), 2),
                 fmt(ratio(r.rss_steady_mb, sl->rss_steady_mb), 2),
                 fmt(ratio(r.rss_peak_mb, sl->rss_peak_mb), 2),
                 fmt(ratio(r.e2e_p99_ms, sl->e2e_p99_ms), 2),
                 fmt(ratio(r.equal_e2e_p99_ms, sl->equal_e2e_p99_ms), 2)});
  }
  return t;
}

Table targets_table(const Report& report) {
  Table t = {{"target (issue 7)", "measured", "verdict"}};
  for (const TargetCheck& c : check_targets(report)) {
    t.push_back({c.target, c.measured, c.verdict});
  }
  return t;
}

std::string render_text(const Table& table) {
  std::vector<std::size_t> width;
  for (const auto& row : table) {
    width.resize(std::max(width.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) {
      width[i] = std::max(width[i], row[i].size());
    }
  }
  std::string out;
  for (const auto& row : table) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string cell = row[i];
      if (i + 1 < row.size()) cell.resize(width[i] + 2, ' ');
      out += cell;
    }
    out += '\n';
  }
  return out;
}

std::string render_markdown(const Table& table) {
  std::string out;
  for (std::size_t r = 0; r < table.size(); ++r) {
    out += "|";
    for (const std::string& cell : table[r]) out += " " + cell + " |";
    out += '\n';
    if (r == 0) {
      out += "|";
      for (std::size_t i = 0; i < table[0].size(); ++i) out += "---|";
      out += '\n';
    }
  }
  return out;
}

}  // namespace e2e
