#include "traffic/log_sink.h"

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

#include "traffic/core/iso8601.h"

namespace traffic {

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "plain") return LogFormat::kPlain;
  if (name == "json") return LogFormat::kJson;
  return std::nullopt;
}

std::optional<sluice::LogLevel> parse_log_level(std::string_view name) {
  if (name == "debug") return sluice::LogLevel::kDebug;
  if (name == "info") return sluice::LogLevel::kInfo;
  if (name == "warn") return sluice::LogLevel::kWarn;
  if (name == "error") return sluice::LogLevel::kError;
  return std::nullopt;
}

std::string format_log_line(LogFormat format, const sluice::LogEvent& event,
                            std::int64_t epoch_ms, std::string_view service) {
  const std::string time = format_iso8601_ms(epoch_ms);
  const std::string_view level = sluice::log_level_name(event.level);
  if (format == LogFormat::kPlain) {
    std::string line = time;
    line.append(" ").append(level);
    line.append(6 - std::min<std::size_t>(level.size(), 5), ' ');
    line.append("[").append(event.component).append("] ");
    line.append(event.message);
    return line;
  }
  nlohmann::ordered_json j;
  j["time"] = time;
  j["level"] = level;
  if (!service.empty()) j["service"] = service;
  j["component"] = event.component;
  const auto field = [&](const char* name, std::string_view value) {
    if (!value.empty()) j[name] = value;
  };
  field("application_id", event.context.application_id);
  field("thread_id", event.context.thread_id);
  field("task_id", event.context.task_id);
  j["message"] = event.message;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void install_log_sink(LogFormat format, std::string service, std::FILE* out) {
  auto mutex = std::make_shared<std::mutex>();
  sluice::set_log_sink([format, service = std::move(service), out,
                        mutex](const sluice::LogEvent& event) {
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count();
    std::string line = format_log_line(format, event, now, service);
    line.push_back('\n');
    std::lock_guard<std::mutex> lock(*mutex);
    std::fwrite(line.data(), 1, line.size(), out);
    std::fflush(out);
  });
}

}  // namespace traffic
