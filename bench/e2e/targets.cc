// The end-to-end targets, checked against a run.
#include <algorithm>
#include <cmath>
#include <string>

#include "report.h"

namespace e2e {
namespace {

constexpr const char* kEos = "exactly_once_v2";

TargetCheck verdict(std::string target, const std::optional<double>& value,
                    const std::string& measured, bool met) {
  return {std::move(target), value ? measured : "n/a",
          value ? (met ? "met" : "not met") : "n/a"};
}

}  // namespace

const ScenarioResult* find_result(const Report& report,
                                  const std::string& contender, bool embedded,
                                  const std::string& guarantee) {
  for (const ScenarioResult& r : report.results) {
    if (r.scenario.contender.name == contender &&
        r.scenario.embedded == embedded && r.scenario.guarantee == guarantee) {
      return &r;
    }
  }
  return nullptr;
}

std::string fmt(const std::optional<double>& value, int digits) {
  if (!value) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, *value);
  return text;
}

std::vector<TargetCheck> check_targets(const Report& report) {
  std::vector<TargetCheck> out;
  const ScenarioResult none;
  const ScenarioResult* s = find_result(report, "sluice", false, kEos);
  const ScenarioResult& sluice = s != nullptr ? *s : none;
  out.push_back(
      verdict("processor CPU <= 5 us/record (exactly_once_v2, "
              "windowed aggregate)",
              sluice.cpu_us, fmt(sluice.cpu_us, 2) + " us/record",
              sluice.cpu_us.value_or(1e9) <= 5));
  for (const char* guarantee : {kEos, "at_least_once"}) {
    const ScenarioResult* sl = find_result(report, "sluice", false, guarantee);
    const ScenarioResult* pt =
        find_result(report, "passthrough", false, guarantee);
    std::optional<double> share;
    if (sl != nullptr && pt != nullptr && sl->rate && pt->rate) {
      share = 100 * *sl->rate / *pt->rate;
    }
    out.push_back(verdict(
        std::string("throughput >= 80% of the passthrough (") + guarantee + ")",
        share, fmt(share, 0) + "%", share.value_or(0) >= 80));
  }
  out.push_back(verdict("p99 processing latency (poll to produce) < 1 ms",
                        sluice.process_latency.p99_us,
                        fmt(sluice.process_latency.p99_us, 0) + " us",
                        sluice.process_latency.p99_us.value_or(1e9) < 1000));
  out.push_back(
      verdict("end-to-end p99 <= commit.interval.ms + 50 = 150 ms "
              "(exactly_once_v2, half the max rate)",
              sluice.e2e_p99_ms, fmt(sluice.e2e_p99_ms, 1) + " ms",
              sluice.e2e_p99_ms.value_or(1e9) <= 150));
  // The soak's figures count only when it kept up: an input lag of more
  // than 10 s of records at the end means the backlog (and the consumer
  // queue with it) grew all along.
  const SoakResult* soak = report.soak ? &*report.soak : nullptr;
  const bool kept_up =
      soak != nullptr && soak->lag_at_end >= 0 &&
      static_cast<double>(soak->lag_at_end) <= 10 * soak->target_rate;
  std::string soak_rate_text;
  if (soak != nullptr) {
    soak_rate_text = " at " + fmt(soak->target_rate, 0) + " records/s" +
                     (kept_up ? ""
                              : ", fell behind: input lag " +
                                    std::to_string(soak->lag_at_end));
  }
  const std::optional<double> soak_rss =
      soak ? soak->rss_last_minute_mb : std::nullopt;
  out.push_back(verdict(
      "steady RSS <= 64 MB at 50,000 records/s (soak)", soak_rss,
      fmt(soak_rss, 1) + " MB" + soak_rate_text,
      kept_up && soak->target_rate >= 50000 && soak_rss.value_or(1e9) <= 64));
  // The trend, not the difference of two one-minute medians: that one
  // swings by ~10 MB either way with one allocator or compaction episode.
  const std::optional<double> growth =
      soak ? soak->growth_trend_mb : std::nullopt;
  out.push_back(verdict(
      "no RSS growth over the 10-minute soak (< 2 MB, Theil-Sen trend)", growth,
      fmt(growth, 1) + " MB" + soak_rate_text + " (last minute - 2nd: " +
          fmt(soak ? soak->growth_mb : std::nullopt, 1) + " MB)",
      kept_up && std::abs(growth.value_or(1e9)) < 2));
  const ScenarioResult* ks = find_result(report, "kafka-streams", false, kEos);
  std::optional<double> cpu_x;
  std::optional<double> rss_x;
  if (ks != nullptr && ks->cpu_us && sluice.cpu_us) {
    cpu_x = *ks->cpu_us / *sluice.cpu_us;
  }
  if (ks != nullptr && ks->rss_steady_mb && sluice.rss_steady_mb) {
    rss_x = *ks->rss_steady_mb / *sluice.rss_steady_mb;
  }
  out.push_back(
      verdict(">= 5x less CPU per record than Kafka Streams "
              "(exactly_once_v2)",
              cpu_x, fmt(cpu_x, 1) + "x", cpu_x.value_or(0) >= 5));
  out.push_back(
      verdict(">= 5x less RSS than Kafka Streams (steady, "
              "exactly_once_v2)",
              rss_x, fmt(rss_x, 1) + "x", rss_x.value_or(0) >= 5));
  std::optional<double> p99_x;
  if (ks != nullptr && ks->equal_e2e_p99_ms && sluice.equal_e2e_p99_ms &&
      *sluice.equal_e2e_p99_ms > 0) {
    p99_x = *ks->equal_e2e_p99_ms / *sluice.equal_e2e_p99_ms;
  }
  out.push_back(verdict(
      "lower e2e p99 than Kafka Streams at equal load (exactly_once_v2)", p99_x,
      fmt(p99_x, 2) + "x (Kafka Streams' p99 / sluice's, both at " +
          fmt(report.equal_load_rate, 0) + " records/s)",
      p99_x.value_or(0) > 1));
  return out;
}

}  // namespace e2e
