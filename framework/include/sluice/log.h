// Logging: where the framework's log lines go.
//
// sluice logs lifecycle events (state changes, assignments, commits that
// fail, error-policy decisions), never one line per healthy record. By
// default lines go to stderr as
//   2026-11-28T13:49:05.123Z INFO  [component] message
// An application can install its own sink and level; the runtime's lines
// carry a LogContext (application.id, thread and task ids) for sinks that
// write fields, such as JSON lines.
//
// Thread-safety: all functions may be called from any thread.
#ifndef SLUICE_LOG_H_
#define SLUICE_LOG_H_

#include <functional>
#include <string_view>

namespace sluice {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// "DEBUG", "INFO", "WARN" or "ERROR".
std::string_view log_level_name(LogLevel level) noexcept;

// Where a line comes from, for sinks that write fields (e.g. JSON lines).
// Empty views mean "not applicable".
struct LogContext {
  std::string_view application_id;
  std::string_view thread_id;  // e.g. "app-1-StreamThread-1"
  std::string_view task_id;    // e.g. "0_3"
};

struct LogEvent {
  LogLevel level;
  std::string_view component;  // e.g. "app-1-StreamThread-1", "task 0_3"
  std::string_view message;
  LogContext context;
};

using LogSink = std::function<void(const LogEvent&)>;

// Replaces the sink; an empty function restores the stderr sink.
void set_log_sink(LogSink sink);
// Lines below `level` are not produced. Default: kInfo.
void set_log_level(LogLevel level);
LogLevel log_level() noexcept;

// Emits one line (used by the framework; applications may use it too).
void log(LogLevel level, std::string_view component, std::string_view message);
// Emits one line about an application, its thread or its task; the component
// is the task ("task 0_3") when there is one, else the thread, else the
// application.id.
void log(LogLevel level, const LogContext& context, std::string_view message);

}  // namespace sluice

#endif  // SLUICE_LOG_H_
