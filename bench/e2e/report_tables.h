// The report's tables as rows of cells, rendered as text or Markdown.
#ifndef BENCH_E2E_REPORT_TABLES_H_
#define BENCH_E2E_REPORT_TABLES_H_

#include <string>
#include <vector>

#include "report.h"

namespace e2e {

using Table = std::vector<std::vector<std::string>>;  // first row: header

// One row per scenario.
Table results_table(const Report& report);
// sluice against the passthrough and each peer, per cluster and guarantee.
Table ratios_table(const Report& report);
Table targets_table(const Report& report);

// Fixed-width columns for a terminal.
std::string render_text(const Table& table);
// A GitHub Markdown table.
std::string render_markdown(const Table& table);

}  // namespace e2e

#endif  // BENCH_E2E_REPORT_TABLES_H_
