// The configuration of traffic-processor: environment variables (the
// predecessor's names plus new ones) and the same as command-line flags;
// a flag wins over its variable. `traffic-processor --help` lists them all.

#ifndef TRAFFIC_PROCESSOR_CONFIG_H_
#define TRAFFIC_PROCESSOR_CONFIG_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "sluice/config.h"
#include "sluice/log.h"
#include "traffic/log_sink.h"
#include "traffic/topology.h"

namespace traffic {

struct ProcessorConfig {
  std::string brokers = "localhost:9092";             // KAFKA_BROKERS
  std::string group_id = "stream-processor-group";    // GROUP_ID
  std::string client_id = "stream-processor-client";  // CLIENT_ID
  std::string processing_guarantee = "exactly_once_v2";
  std::string state_dir = "/tmp/traffic-processor";
  int num_stream_threads = 1;
  std::optional<std::chrono::milliseconds> commit_interval;  // framework's
  std::string http_host = "127.0.0.1";
  int health_port = 3001;  // 0: any free port
  LogFormat log_format = LogFormat::kPlain;
  sluice::LogLevel log_level = sluice::LogLevel::kInfo;
  bool print_topology = false;
  // StreamsConfig properties for the Kafka clients (security settings and
  // the like): those of the --kafka-config file (KAFKA_CONFIG_FILE), then
  // KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and
  // KAFKA_SASL_PASSWORD (each as security.protocol, sasl.mechanism,
  // sasl.username, sasl.password) over them.
  std::string kafka_config_file;
  sluice::StreamsConfig::Properties kafka_properties;
  // Extra StreamsConfig properties (key=value) over all of the above.
  std::vector<std::string> streams_properties;
  TopologyOptions topology;  // topics, windows, validation
};

// The outcome of reading the command line and the environment.
struct ConfigResult {
  std::optional<ProcessorConfig> config;  // set when the program should run
  int exit_code = 0;   // when !config: 0 after --help, 2 for a bad value
  std::string output;  // when !config: the help text or the error
};

// Reads flags from argv and variables through getenv, and the
// --kafka-config file. Never exits and never prints. A bad value, an
// unreadable file, a key StreamsConfig rejects, or a key that one of
// traffic-processor's own settings sets (e.g. bootstrap.servers: use
// --brokers) gives exit code 2 and one line that never contains the value of
// a sensitive key (sluice::is_sensitive_config_key). --http-host must be an
// address of this machine (or a name resolving to one). Thread-compatible
// (reads the environment).
ConfigResult parse_processor_config(int argc, const char* const* argv);

// The StreamsConfig properties of `config`: application.id = GROUP_ID,
// bootstrap.servers, client.id, processing.guarantee, state.dir,
// num.stream.threads, commit.interval.ms when set, the processing-error
// handler (dead_letter to the DLQ topic: a bug in a callable must not
// stop the stream or lose a record), then kafka_properties, then the extra
// properties.
sluice::StreamsConfig::Properties streams_properties(
    const ProcessorConfig& config);

// Logs (sluice::log, info) what the instance starts with: brokers, topics,
// guarantee, and every StreamsConfig property with secrets redacted
// (sluice::format_config).
void log_startup(const ProcessorConfig& config,
                 const sluice::StreamsConfig& streams_config);

}  // namespace traffic

#endif  // TRAFFIC_PROCESSOR_CONFIG_H_
