// Log lines of the traffic programs: the framework's and the app's own
// (sluice::log), as plain text or as JSON lines.

#ifndef TRAFFIC_LOG_SINK_H_
#define TRAFFIC_LOG_SINK_H_

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/log.h"

namespace traffic {

enum class LogFormat : std::uint8_t { kPlain, kJson };

// Parses "plain" or "json"; nullopt otherwise.
std::optional<LogFormat> parse_log_format(std::string_view name);
// Parses "debug", "info", "warn" or "error"; nullopt otherwise.
std::optional<sluice::LogLevel> parse_log_level(std::string_view name);

// Formats one event (no newline):
//   plain: 2026-11-28T13:49:05.123Z INFO  [stream-thread-1] message
//   json:  {"time":"2026-11-28T13:49:05.123Z","level":"INFO",
//           "component":"stream-thread-1","message":"message"}
// `service` is added to JSON lines as "service" when not empty.
std::string format_log_line(LogFormat format, const sluice::LogEvent& event,
                            std::int64_t epoch_ms, std::string_view service);

// Installs a sluice log sink that writes whole lines to `out` (one write
// per line, under a mutex). REQUIRES: out stays open while logging.
void install_log_sink(LogFormat format, std::string service,
                      std::FILE* out = stderr);

}  // namespace traffic

#endif  // TRAFFIC_LOG_SINK_H_
