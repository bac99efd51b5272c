#include "traffic/processor_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <vector>

namespace traffic {
namespace {

// Sets environment variables for one test and removes them afterwards.
class Env {
 public:
  Env(std::initializer_list<std::pair<const char*, const char*>> vars) {
    for (const auto& [name, value] : vars) {
      ::setenv(name, value, 1);
      names_.push_back(name);
    }
  }
  ~Env() {
    for (const char* name : names_) ::unsetenv(name);
  }

 private:
  std::vector<const char*> names_;
};

ConfigResult parse(std::vector<const char*> args) {
  args.insert(args.begin(), "traffic-processor");
  return parse_processor_config(static_cast<int>(args.size()), args.data());
}

TEST(traffic_processor_config, DefaultsAreThePredecessorsPlusNewOnes) {
  const ConfigResult r = parse({});
  ASSERT_TRUE(r.config) << r.output;
  const ProcessorConfig& c = *r.config;
  EXPECT_EQ(c.group_id, "stream-processor-group");
  EXPECT_EQ(c.client_id, "stream-processor-client");
  EXPECT_EQ(c.topology.decode.processor_id, "stream-processor-client");
  EXPECT_EQ(c.topology.input_topic, "traffic-raw");
  EXPECT_EQ(c.topology.output_topic, "traffic-events");
  EXPECT_EQ(c.topology.dlq_topic, "traffic-dlq");
  EXPECT_EQ(c.topology.agg_topic, "traffic-aggregates");
  EXPECT_EQ(c.topology.late_topic, "");
  EXPECT_EQ(c.health_port, 3001);
  EXPECT_EQ(c.http_host, "127.0.0.1");
  EXPECT_EQ(c.processing_guarantee, "exactly_once_v2");
  EXPECT_EQ(c.topology.window_size, std::chrono::minutes(5));
  EXPECT_EQ(c.topology.window_grace, std::chrono::minutes(1));
  EXPECT_EQ(c.topology.congestion_mph, 35);
  EXPECT_EQ(c.topology.decode.clock, ValidationClock::kRecord);
}

TEST(traffic_processor_config, EnvironmentIsReadAndFlagsWin) {
  Env env({{"KAFKA_BROKERS", "kafka-broker1:9092"},
           {"GROUP_ID", "g"},
           {"CLIENT_ID", "c"},
           {"INPUT_TOPIC", "in"},
           {"OUTPUT_TOPIC", "out"},
           {"HEALTH_PORT", "4000"},
           {"WINDOW_SIZE", "10m"},
           {"LATE_TOPIC", "late"},
           {"PROCESSING_GUARANTEE", "at_least_once"},
           {"NUM_STREAM_THREADS", "3"},
           {"LOG_FORMAT", "json"}});
  const ConfigResult r =
      parse({"--health-port", "5000", "--window-size", "15m"});
  ASSERT_TRUE(r.config) << r.output;
  const ProcessorConfig& c = *r.config;
  EXPECT_EQ(c.brokers, "kafka-broker1:9092");
  EXPECT_EQ(c.group_id, "g");
  EXPECT_EQ(c.topology.decode.processor_id, "c");
  EXPECT_EQ(c.topology.input_topic, "in");
  EXPECT_EQ(c.topology.output_topic, "out");
  EXPECT_EQ(c.topology.late_topic, "late");
  EXPECT_EQ(c.health_port, 5000);
  EXPECT_EQ(c.topology.window_size, std::chrono::minutes(15));
  EXPECT_EQ(c.processing_guarantee, "at_least_once");
  EXPECT_EQ(c.num_stream_threads, 3);
  EXPECT_EQ(c.log_format, LogFormat::kJson);
}

TEST(traffic_processor_config, BadValuesGiveOneLineAndExitCodeTwo) {
  struct Case {
    std::vector<const char*> args;
    const char* expect;
  };
  const std::vector<Case> cases = {
      {{"--health-port", "70000"}, "--health-port (HEALTH_PORT): '70000'"},
      {{"--num-stream-threads", "0"}, "--num-stream-threads"},
      {{"--window-size", "5"}, "is not a duration"},
      {{"--window-grace", "-1m"}, "--window-grace"},
      {{"--congestion-mph", "fast"}, "--congestion-mph"},
      {{"--congestion-mph", "nan"}, "--congestion-mph"},
      {{"--processing-guarantee", "exactly_once"}, "exactly_once_v2"},
      {{"--validation-clock", "sun"}, "record, wall"},
      {{"--log-format", "xml"}, "plain, json"},
      {{"--output-topic", "traffic-raw"}, "all different"},
      {{"--window-retention", "3m"}, "at least window size + grace (6m)"},
      {{"--window-size", "0s"}, "must be positive"},
      {{"--streams-config", "novalue"}, "key=value"},
      {{"--unknown"}, "--unknown"},
  };
  for (const Case& c : cases) {
    const ConfigResult r = parse(c.args);
    EXPECT_FALSE(r.config) << c.expect;
    EXPECT_EQ(r.exit_code, 2) << c.expect;
    EXPECT_NE(r.output.find(c.expect), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("traffic-processor: "), 0u) << r.output;
  }
  Env env({{"NUM_STREAM_THREADS", "many"}});
  const ConfigResult r = parse({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("NUM_STREAM_THREADS"), std::string::npos);
}

TEST(traffic_processor_config, HelpListsEveryVariable) {
  const ConfigResult r = parse({"--help"});
  EXPECT_FALSE(r.config);
  EXPECT_EQ(r.exit_code, 0);
  for (const char* var :
       {"KAFKA_BROKERS", "GROUP_ID", "CLIENT_ID", "INPUT_TOPIC", "OUTPUT_TOPIC",
        "HEALTH_PORT", "DLQ_TOPIC", "AGG_TOPIC", "LATE_TOPIC",
        "PROCESSING_GUARANTEE", "STATE_DIR", "NUM_STREAM_THREADS",
        "WINDOW_SIZE", "WINDOW_GRACE", "CONGESTION_MPH", "HTTP_HOST",
        "LOG_FORMAT", "VALIDATION_CLOCK"}) {
    EXPECT_NE(r.output.find(var), std::string::npos) << var;
  }
}

TEST(traffic_processor_config, StreamsPropertiesMapTheSettings) {
  const ConfigResult r =
      parse({"--group-id", "app", "--commit-interval", "250ms",
             "--streams-config", "consumer.fetch.wait.max.ms=50"});
  ASSERT_TRUE(r.config) << r.output;
  const auto p = streams_properties(*r.config);
  EXPECT_EQ(p.at("application.id"), "app");
  EXPECT_EQ(p.at("commit.interval.ms"), "250");
  EXPECT_EQ(p.at("processing.guarantee"), "exactly_once_v2");
  EXPECT_EQ(p.at("processing.exception.handler"), "dead_letter");
  EXPECT_EQ(p.at("errors.dead.letter.queue.topic.name"), "traffic-dlq");
  EXPECT_EQ(p.at("consumer.fetch.wait.max.ms"), "50");
  EXPECT_NO_THROW(sluice::StreamsConfig{p});
}

}  // namespace
}  // namespace traffic
