#include "sluice/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>

namespace sluice {
namespace {

std::atomic<LogLevel> g_level{LogLevel::kInfo};

std::mutex& sink_mutex() {
  static std::mutex mutex;
  return mutex;
}
LogSink& sink_slot() {
  static LogSink sink;
  return sink;
}

void write_stderr(const LogEvent& event) {
  using std::chrono::system_clock;
  const auto now = system_clock::now();
  const std::time_t secs = system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                          now.time_since_epoch())
                          .count() %
                      1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  std::fprintf(stderr, "%s.%03dZ %-5.*s [%.*s] %.*s\n", stamp,
               static_cast<int>(millis),
               static_cast<int>(log_level_name(event.level).size()),
               log_level_name(event.level).data(),
               static_cast<int>(event.component.size()), event.component.data(),
               static_cast<int>(event.message.size()), event.message.data());
}

}  // namespace

std::string_view log_level_name(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::kDebug: return "DEBUG";
    case LogLevel::kInfo: return "INFO";
    case LogLevel::kWarn: return "WARN";
    case LogLevel::kError: return "ERROR";
  }
  return "?";
}

void set_log_sink(LogSink sink) {
  std::lock_guard lock(sink_mutex());
  sink_slot() = std::move(sink);
}

void set_log_level(LogLevel level) { g_level.store(level); }
LogLevel log_level() noexcept { return g_level.load(); }

namespace {

void emit(const LogEvent& event) {
  std::lock_guard lock(sink_mutex());
  if (sink_slot()) {
    sink_slot()(event);
  } else {
    write_stderr(event);
  }
}

}  // namespace

void log(LogLevel level, std::string_view component, std::string_view message) {
  if (level < g_level.load(std::memory_order_relaxed)) return;
  emit(LogEvent{level, component, message, {}});
}

void log(LogLevel level, const LogContext& context, std::string_view message) {
  if (level < g_level.load(std::memory_order_relaxed)) return;
  if (context.task_id.empty()) {
    const std::string_view component =
        context.thread_id.empty() ? context.application_id : context.thread_id;
    emit(LogEvent{level, component, message, context});
    return;
  }
  const std::string component = "task " + std::string(context.task_id);
  emit(LogEvent{level, component, message, context});
}

}  // namespace sluice
