#include "traffic/processor_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
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
  for (const char* var : {"KAFKA_BROKERS",
                          "GROUP_ID",
                          "CLIENT_ID",
                          "INPUT_TOPIC",
                          "OUTPUT_TOPIC",
                          "HEALTH_PORT",
                          "DLQ_TOPIC",
                          "AGG_TOPIC",
                          "LATE_TOPIC",
                          "PROCESSING_GUARANTEE",
                          "STATE_DIR",
                          "NUM_STREAM_THREADS",
                          "WINDOW_SIZE",
                          "WINDOW_GRACE",
                          "CONGESTION_MPH",
                          "HTTP_HOST",
                          "LOG_FORMAT",
                          "VALIDATION_CLOCK",
                          "KAFKA_CONFIG_FILE",
                          "--kafka-config",
                          "KAFKA_SECURITY_PROTOCOL",
                          "KAFKA_SASL_MECHANISM",
                          "KAFKA_SASL_USERNAME",
                          "KAFKA_SASL_PASSWORD"}) {
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

TEST(traffic_processor_config, InstanceIdDiffersPerHostAndCanBeSet) {
  char host[256] = {};
  ASSERT_EQ(::gethostname(host, sizeof host - 1), 0);
  const ConfigResult r = parse({"--client-id", "replica"});
  ASSERT_TRUE(r.config) << r.output;
  EXPECT_EQ(streams_properties(*r.config).at("instance.id"),
            std::string("replica-") + host);
  const ConfigResult set =
      parse({"--streams-config", "instance.id=processor-7"});
  ASSERT_TRUE(set.config) << set.output;
  EXPECT_EQ(streams_properties(*set.config).at("instance.id"), "processor-7");
}

// A properties file in the temp directory, removed afterwards.
class TempFile {
 public:
  explicit TempFile(const std::string& text)
      : path_((std::filesystem::temp_directory_path() /
               ("processor-config-test-" + std::to_string(::getpid()) + "-" +
                std::to_string(counter_++) + ".properties"))
                  .string()) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const char* path() const { return path_.c_str(); }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

// The one-line error of a configuration that must not parse.
std::string error_of(std::vector<const char*> args) {
  const ConfigResult r = parse(std::move(args));
  EXPECT_FALSE(r.config);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output.find('\n'), std::string::npos) << r.output;
  return r.output;
}

TEST(traffic_processor_config, KafkaConfigFileAndSecurityVariables) {
  TempFile file(
      "# SASL over TLS\n"
      "security.protocol=SASL_PLAINTEXT\n"
      "sasl.mechanisms=PLAIN\n"
      "sasl.username=file-user\n"
      "sasl.password=file-secret\n"
      "ssl.ca.location=/etc/ssl/certs/ca-certificates.crt\n");
  {
    const ConfigResult r = parse({"--kafka-config", file.path()});
    ASSERT_TRUE(r.config) << r.output;
    const auto p = streams_properties(*r.config);
    EXPECT_EQ(p.at("security.protocol"), "SASL_PLAINTEXT");
    EXPECT_EQ(p.at("sasl.username"), "file-user");
    EXPECT_EQ(p.at("sasl.password"), "file-secret");
    const sluice::StreamsConfig streams(p);
    EXPECT_EQ(streams.admin_properties().at("sasl.password"), "file-secret");
  }
  // The variables win over the file, --streams-config over both.
  Env env({{"KAFKA_CONFIG_FILE", file.path()},
           {"KAFKA_SECURITY_PROTOCOL", "SASL_SSL"},
           {"KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"},
           {"KAFKA_SASL_USERNAME", "env-user"},
           {"KAFKA_SASL_PASSWORD", "env-secret"}});
  const ConfigResult r =
      parse({"--streams-config", "producer.sasl.username=cli-user"});
  ASSERT_TRUE(r.config) << r.output;
  const sluice::StreamsConfig streams(streams_properties(*r.config));
  EXPECT_EQ(streams.consumer_properties().at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(streams.consumer_properties().at("sasl.mechanism"),
            "SCRAM-SHA-512");
  // The file's spelling of the same key (librdkafka's alias) is replaced.
  EXPECT_EQ(streams.consumer_properties().count("sasl.mechanisms"), 0u);
  EXPECT_EQ(streams.consumer_properties().at("sasl.username"), "env-user");
  EXPECT_EQ(streams.consumer_properties().at("sasl.password"), "env-secret");
  EXPECT_EQ(streams.producer_properties().at("sasl.username"), "cli-user");
  EXPECT_EQ(streams.admin_properties().at("ssl.ca.location"),
            "/etc/ssl/certs/ca-certificates.crt");
}

TEST(traffic_processor_config, BadKafkaConfigGivesOneLineWithoutSecrets) {
  EXPECT_EQ(error_of({"--kafka-config", "/nonexistent/kafka.properties"}),
            "traffic-processor: --kafka-config (KAFKA_CONFIG_FILE): "
            "/nonexistent/kafka.properties: cannot be read");
  TempFile no_separator("security.protocol=SSL\nsasl.password hunter2\n");
  std::string e = error_of({"--kafka-config", no_separator.path()});
  EXPECT_NE(e.find(std::string(no_separator.path()) + ": line 2: expected"),
            std::string::npos)
      << e;
  EXPECT_EQ(e.find("hunter2"), std::string::npos) << e;

  TempFile unknown_key("security.protocl=SSL\n");
  e = error_of({"--kafka-config", unknown_key.path()});
  EXPECT_NE(e.find(std::string(unknown_key.path()) +
                   ": config 'security.protocl': unknown configuration key"),
            std::string::npos)
      << e;

  TempFile bad_secret("sasl.password=hunter2\\r\n");  // an escaped CR
  e = error_of({"--kafka-config", bad_secret.path()});
  EXPECT_NE(e.find("'sasl.password': contains a control character"),
            std::string::npos)
      << e;
  EXPECT_EQ(e.find("hunter2"), std::string::npos) << e;

  TempFile owned("bootstrap.servers=elsewhere:9092\n");
  e = error_of({"--kafka-config", owned.path()});
  EXPECT_NE(e.find("'bootstrap.servers' is set by --brokers (KAFKA_BROKERS)"),
            std::string::npos)
      << e;

  Env env({{"KAFKA_SECURITY_PROTOCOL", "tls"}});
  e = error_of({});
  EXPECT_NE(e.find("'security.protocol': Invalid value"), std::string::npos)
      << e;

  e = error_of({"--streams-config", "sasl.password:hunter2"});
  EXPECT_NE(e.find("--streams-config: an argument is not key=value"),
            std::string::npos)
      << e;
  EXPECT_EQ(e.find("hunter2"), std::string::npos) << e;
  e = error_of({"--streams-config", "application.id=other"});
  EXPECT_NE(e.find("is set by --group-id"), std::string::npos) << e;
}

TEST(traffic_processor_config, HttpHostMustBeAnAddressOfThisMachine) {
  // ::1: traffic_status_endpoints.ListensOnTheAddressItIsGiven and
  // ops.processor_secrets (where the machine has IPv6).
  for (const char* host : {"127.0.0.2", "0.0.0.0", "localhost"}) {
    const ConfigResult r = parse({"--http-host", host});
    EXPECT_TRUE(r.config) << host << ": " << r.output;
  }
  std::string e = error_of({"--http-host", "300.1.1.1"});
  EXPECT_EQ(e.find("traffic-processor: --http-host (HTTP_HOST): '300.1.1.1' "
                   "is not an IP address"),
            0u)
      << e;
  e = error_of({"--http-host", "[::1]"});
  EXPECT_NE(e.find("without brackets"), std::string::npos) << e;
  // A documentation address (RFC 5737): no machine here has it.
  e = error_of({"--http-host", "192.0.2.7"});
  EXPECT_NE(e.find("cannot bind to '192.0.2.7'"), std::string::npos) << e;
  Env env({{"HTTP_HOST", "192.0.2.7"}});
  EXPECT_NE(error_of({}).find("HTTP_HOST"), std::string::npos);
}

TEST(traffic_processor_config, StartupLogRedactsSecrets) {
  Env env({{"KAFKA_SASL_USERNAME", "svc-user"},
           {"KAFKA_SASL_PASSWORD", "hunter2"},
           {"KAFKA_SASL_MECHANISM", "PLAIN"},
           {"KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"}});
  const ConfigResult r = parse({});
  ASSERT_TRUE(r.config) << r.output;
  const sluice::StreamsConfig streams(streams_properties(*r.config));
  std::vector<std::string> lines;
  sluice::set_log_sink(
      [&](const sluice::LogEvent& e) { lines.emplace_back(e.message); });
  log_startup(*r.config, streams);
  sluice::set_log_sink({});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].find("starting: brokers localhost:9092"), 0u) << lines[0];
  EXPECT_NE(lines[1].find("sasl.password=[redacted]"), std::string::npos)
      << lines[1];
  EXPECT_NE(lines[1].find("sasl.username=[redacted]"), std::string::npos)
      << lines[1];
  EXPECT_NE(lines[1].find("security.protocol=SASL_PLAINTEXT"),
            std::string::npos)
      << lines[1];
  for (const std::string& line : lines) {
    EXPECT_EQ(line.find("hunter2"), std::string::npos) << line;
    EXPECT_EQ(line.find("svc-user"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace traffic
