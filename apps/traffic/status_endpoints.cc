#include "traffic/status_endpoints.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "traffic/core/iso8601.h"
#include "traffic/core/window_result_writer.h"
#include "traffic/prometheus_text.h"
#include "traffic/serdes.h"

namespace traffic {
namespace {

using Json = nlohmann::ordered_json;
using State = sluice::KafkaStreams::State;

std::int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

HttpResponse json_response(int status, const Json& body) {
  return {status, "application/json",
          body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

bool alive(State state) {
  return state != State::kError && state != State::kNotRunning &&
         state != State::kPendingShutdown;
}

}  // namespace

bool plausible_sensor_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

StatusEndpoints::StatusEndpoints(
    const sluice::KafkaStreams& streams,
    std::shared_ptr<const AppMetrics> metrics, TopologyOptions topology,
    std::string processor_id, const sluice::StreamsConfig::Properties& config)
    : streams_(streams),
      metrics_(std::move(metrics)),
      topology_(std::move(topology)),
      processor_id_(std::move(processor_id)),
      redacted_config_(sluice::redact_config(config)),
      started_(std::chrono::steady_clock::now()) {}

double StatusEndpoints::uptime_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       started_)
      .count();
}

HttpResponse StatusEndpoints::health() const {
  const State state = streams_.state();
  Json body;
  body["status"] = alive(state) ? "healthy" : "unhealthy";
  body["messagesProcessed"] = metrics_->readings();
  body["state"] = sluice::state_name(state);
  body["uptime"] = uptime_seconds();
  body["timestamp"] = format_iso8601_ms(wall_now_ms());
  body["processorId"] = processor_id_;
  if (state == State::kError) body["error"] = streams_.error_message();
  return json_response(alive(state) ? 200 : 503, body);
}

HttpResponse StatusEndpoints::ready() const {
  const State state = streams_.state();
  Json body;
  body["ready"] = state == State::kRunning;
  body["state"] = sluice::state_name(state);
  return json_response(state == State::kRunning ? 200 : 503, body);
}

HttpResponse StatusEndpoints::metrics() const {
  return {200, "text/plain; version=0.0.4; charset=utf-8",
          prometheus_text(streams_.metrics(), streams_.state(), *metrics_)};
}

HttpResponse StatusEndpoints::stats() const {
  const std::vector<sluice::MetricValue> framework = streams_.metrics();
  const double uptime = uptime_seconds();
  Json body;
  body["messagesProcessed"] = metrics_->readings();
  const auto last = metrics_->last_reading_ms();
  body["lastMessageTime"] =
      last ? Json(format_iso8601_ms(*last)) : Json(nullptr);
  body["validMessages"] = metrics_->valid();
  body["deadLettered"] = metrics_->dead_lettered();
  body["deadLetterReasons"] = metrics_->dead_letter_reasons();
  body["lateRecords"] = sluice::metric_sum(framework, "late-records-total");
  body["windowsEmitted"] = metrics_->windows_emitted();
  body["uptime"] = uptime;
  body["processingRate"] =
      uptime > 0 ? static_cast<double>(metrics_->readings()) / uptime : 0.0;
  const LatencySnapshot process = metrics_->process_latency();
  const LatencySnapshot e2e = metrics_->e2e_latency();
  body["processLatencyMs"] = {{"p50", process.p50 * 1000},
                              {"p99", process.p99 * 1000}};
  body["endToEndLatencyMs"] = {
      {"p50", e2e.p50 * 1000}, {"p99", e2e.p99 * 1000}, {"samples", e2e.count}};
  body["commits"] = sluice::metric_sum(framework, "commit-total");
  body["state"] = sluice::state_name(streams_.state());
  body["processorId"] = processor_id_;
  body["config"] = Json::object();
  for (const auto& [key, value] : redacted_config_) body["config"][key] = value;
  return json_response(200, body);
}

HttpResponse StatusEndpoints::sensor(std::string_view id) const {
  if (!plausible_sensor_id(id)) {
    return json_response(
        400,
        Json{{"error", "a sensor id is 1-64 characters of [A-Za-z0-9._-]"}});
  }
  const State state = streams_.state();
  if (state != State::kRunning && state != State::kRebalancing) {
    return json_response(503, Json{{"error", "not running"},
                                   {"state", sluice::state_name(state)}});
  }
  auto store = streams_.window_store<std::string, WindowAggregate>(
      std::string(kWindowStoreName), topology_windows(topology_),
      sluice::Serdes::string(), window_aggregate_serde());
  if (!store.ok()) {
    return json_response(503, Json{{"error", store.status().to_string()}});
  }
  const std::string key(id);
  const auto windows =
      store->fetch(key, 0, std::numeric_limits<std::int64_t>::max());
  if (windows.empty()) {
    return json_response(
        404, Json{{"error", "no windows for sensor " + key +
                                " on this instance (unknown sensor, or "
                                "nothing in the retention period)"}});
  }
  // Each window as traffic-aggregates writes it; the newest may still be
  // open (its counts are partial until it closes).
  std::string body = R"({"sensor_id":)" + Json(key).dump() +
                     R"(,"window_count":)" + std::to_string(windows.size()) +
                     R"(,"windows":[)";
  std::string json;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const auto& [window, aggregate] = windows[i];
    write_window_result_json(key, {window.start_ms, window.end_ms}, aggregate,
                             &json);
    if (i > 0) body.push_back(',');
    body += json;
  }
  body += "]}";
  return {200, "application/json", std::move(body)};
}

}  // namespace traffic
