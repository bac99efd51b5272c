#include "traffic/log_sink.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace traffic {
namespace {

constexpr std::int64_t kTime = 1795442400123;  // 2026-11-23T14:00:00.123Z

TEST(traffic_log_sink, PlainLinesMatchTheFrameworksFormat) {
  const sluice::LogEvent e{
      sluice::LogLevel::kInfo, "stream-thread-1", "state RUNNING", {}};
  EXPECT_EQ(format_log_line(LogFormat::kPlain, e, kTime, "svc"),
            "2026-11-23T14:00:00.123Z INFO  [stream-thread-1] state RUNNING");
  const sluice::LogEvent err{sluice::LogLevel::kError, "x", "boom", {}};
  EXPECT_EQ(format_log_line(LogFormat::kPlain, err, kTime, ""),
            "2026-11-23T14:00:00.123Z ERROR [x] boom");
}

TEST(traffic_log_sink, JsonLinesAreOneEscapedObject) {
  const sluice::LogEvent e{
      sluice::LogLevel::kWarn,
      "task 0_1",
      "say \"hi\"\nnext",
      {"traffic-app", "traffic-app-StreamThread-1", "0_1"}};
  const std::string line = format_log_line(LogFormat::kJson, e, kTime, "svc");
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["time"], "2026-11-23T14:00:00.123Z");
  EXPECT_EQ(j["level"], "WARN");
  EXPECT_EQ(j["service"], "svc");
  EXPECT_EQ(j["component"], "task 0_1");
  EXPECT_EQ(j["application_id"], "traffic-app");
  EXPECT_EQ(j["thread_id"], "traffic-app-StreamThread-1");
  EXPECT_EQ(j["task_id"], "0_1");
  EXPECT_EQ(j["message"], "say \"hi\"\nnext");
}

TEST(traffic_log_sink, ParsesFormatsAndLevels) {
  EXPECT_EQ(parse_log_format("json"), LogFormat::kJson);
  EXPECT_EQ(parse_log_format("plain"), LogFormat::kPlain);
  EXPECT_FALSE(parse_log_format("JSON"));
  EXPECT_EQ(parse_log_level("warn"), sluice::LogLevel::kWarn);
  EXPECT_FALSE(parse_log_level("verbose"));
}

}  // namespace
}  // namespace traffic
