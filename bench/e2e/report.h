// The results of one benchmark run and their presentations: a text table
// for the terminal, JSON, and the "End to end" section of
// docs/performance.md.
#ifndef BENCH_E2E_REPORT_H_
#define BENCH_E2E_REPORT_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "machine.h"
#include "scenario.h"
#include "soak.h"

namespace e2e {

struct Report {
  std::string started_utc;  // ISO-8601
  std::string mode;         // "quick" or "full"
  std::string command;      // how to reproduce it
  Machine machine;
  std::uint64_t records_real = 0;      // N on the real broker
  std::uint64_t records_embedded = 0;  // N on the mock cluster
  double latency_seconds = 0;
  double equal_load_rate = 0;
  int latency_warmup_seconds = 0;
  std::vector<ScenarioResult> results;
  std::optional<SoakResult> soak;          // sluice
  std::optional<SoakResult> soak_ceiling;  // the passthrough, same rate
};

// One target of issue 7 and how this run did against it.
struct TargetCheck {
  std::string target;
  std::string measured;
  std::string verdict;  // "met", "not met", "n/a"
};

// The result of `contender` on that cluster and guarantee, or nullptr.
const ScenarioResult* find_result(const Report& report,
                                  const std::string& contender, bool embedded,
                                  const std::string& guarantee);

// Checks the end-to-end targets against the report.
std::vector<TargetCheck> check_targets(const Report& report);

// "12.3" with `digits` decimals, or "n/a".
std::string fmt(const std::optional<double>& value, int digits);

// The results as a fixed-width table, ratios and targets, for a terminal.
std::string text_report(const Report& report);

// The "## End to end" section (heading included) in Markdown.
std::string markdown_section(const Report& report);

nlohmann::json to_json(const Report& report);

// Replaces the "## End to end" section of the Markdown file at `path` (up
// to the next "## " heading) with `section`, or appends it; creates the
// file with a placeholder "## Micro benchmarks" section when it does not
// exist. Throws std::runtime_error when it cannot write.
void update_docs(const std::string& path, const std::string& section);

}  // namespace e2e

#endif  // BENCH_E2E_REPORT_H_
