#include "traffic/processor_config.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "traffic/duration.h"

namespace traffic {
namespace {

// A bad value: the message names the flag and its variable.
class BadValue : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Every setting is read as text and checked here, so that each error names
// the flag, the variable and the reason in one line.
struct Setting {
  std::string flag;
  std::string env;
  std::string type;  // shown in --help
  std::string text;
  std::function<void(const std::string& text)> apply;
};

std::string where(const Setting& s) {
  return s.flag + (s.env.empty() ? "" : " (" + s.env + ")");
}

template <typename T>
T parse_number(const std::string& text, T low, T high, const char* what) {
  T value{};
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() ||
      !(value >= low && value <= high) ||
      (std::is_floating_point_v<T> && !std::isfinite(double(value)))) {
    std::ostringstream message;
    message << "'" << text << "' is not " << what << " in " << low << ".."
            << high;
    throw BadValue(message.str());
  }
  return value;
}

std::chrono::milliseconds parse_duration_or_throw(const std::string& text) {
  std::optional<std::chrono::milliseconds> d = parse_duration(text);
  if (!d) {
    throw BadValue("'" + text +
                   "' is not a duration (a whole number and one of ms, s, "
                   "m, h, d: e.g. 90s, 5m)");
  }
  return *d;
}

std::string one_of(const std::string& text,
                   std::initializer_list<const char*> choices) {
  std::string list;
  for (const char* c : choices) {
    if (text == c) return text;
    list += (list.empty() ? "" : ", ") + std::string(c);
  }
  throw BadValue("'" + text + "' is not one of " + list);
}

void check_cross_field(const ProcessorConfig& c) {
  const TopologyOptions& t = c.topology;
  if (t.window_size.count() <= 0) {
    throw BadValue("--window-size (WINDOW_SIZE): must be positive");
  }
  const std::set<std::string> topics = {t.input_topic, t.output_topic,
                                        t.dlq_topic, t.agg_topic};
  if (topics.size() != 4 || topics.contains("") ||
      (!t.late_topic.empty() && topics.contains(t.late_topic))) {
    throw BadValue(
        "the input, output, DLQ, aggregate and late topics must be "
        "non-empty (late may be empty) and all different");
  }
  if (t.window_retention < t.window_size + t.window_grace) {
    throw BadValue(
        "--window-retention (WINDOW_RETENTION): must be at least window "
        "size + grace (" +
        format_duration(t.window_size + t.window_grace) + ")");
  }
}

// The StreamsConfig keys traffic-processor's own settings set, and where.
const std::map<std::string, std::string, std::less<>>& owned_keys() {
  static const std::map<std::string, std::string, std::less<>> kOwned = {
      {"application.id", "--group-id (GROUP_ID)"},
      {"bootstrap.servers", "--brokers (KAFKA_BROKERS)"},
      {"client.id", "--client-id (CLIENT_ID)"},
      {"processing.guarantee", "--processing-guarantee (PROCESSING_GUARANTEE)"},
      {"state.dir", "--state-dir (STATE_DIR)"},
      {"num.stream.threads", "--num-stream-threads (NUM_STREAM_THREADS)"},
      {"commit.interval.ms", "--commit-interval (COMMIT_INTERVAL)"},
      {"processing.exception.handler",
       "traffic-processor (dead_letter to --dlq-topic)"},
      {"errors.dead.letter.queue.topic.name", "--dlq-topic (DLQ_TOPIC)"},
  };
  return kOwned;
}

void check_not_owned(const std::string& key, const std::string& source) {
  const auto it = owned_keys().find(key);
  if (it != owned_keys().end()) {
    throw BadValue(source + ": '" + key + "' is set by " + it->second +
                   "; use that instead");
  }
}

// Throws unless `host` names an address of this machine the HTTP server can
// bind to (checked by binding a socket to port 0 and closing it).
void check_bindable(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), "0", &hints, &found); rc != 0) {
    throw BadValue("'" + host +
                   "' is not an IP address (IPv6 without brackets) or a "
                   "name this machine resolves: " +
                   ::gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(found,
                                                             &::freeaddrinfo);
  int last_error = 0;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    const int rc = ::bind(fd, a->ai_addr, a->ai_addrlen);
    last_error = rc == 0 ? 0 : errno;
    ::close(fd);
    if (rc == 0) return;
  }
  throw BadValue("cannot bind to '" + host + "': " + std::strerror(last_error) +
                 " (it must be an address of this machine, or 0.0.0.0 / ::)");
}

// Reads the --kafka-config file and the KAFKA_* security settings into
// c.kafka_properties. Returns the keys whose value is the file's.
std::set<std::string> load_kafka_properties(
    ProcessorConfig& c, const std::map<std::string, std::string>& security) {
  std::set<std::string> from_file;
  if (!c.kafka_config_file.empty()) {
    try {
      c.kafka_properties = sluice::load_properties_file(c.kafka_config_file);
    } catch (const sluice::ConfigError& e) {
      throw BadValue(std::string("--kafka-config (KAFKA_CONFIG_FILE): ") +
                     e.what());
    }
    for (const auto& [key, value] : c.kafka_properties) {
      check_not_owned(key, c.kafka_config_file);
      from_file.insert(key);
    }
  }
  for (const auto& [key, value] : security) {
    if (value.empty()) continue;
    c.kafka_properties[key] = value;
    from_file.erase(key);
    if (key == "sasl.mechanism") {  // and its librdkafka alias
      c.kafka_properties.erase("sasl.mechanisms");
      from_file.erase("sasl.mechanisms");
    }
  }
  return from_file;
}

// Builds the StreamsConfig once, so that a bad key or value is reported
// now; an error about a key from the file names the file.
void check_streams_config(const ProcessorConfig& c,
                          const std::set<std::string>& from_file) {
  try {
    const sluice::StreamsConfig checked(streams_properties(c));
  } catch (const sluice::ConfigError& e) {
    const std::string_view what = e.what();
    for (const std::string& key : from_file) {
      if (what.rfind("config '" + key + "':", 0) == 0) {
        throw BadValue(c.kafka_config_file + ": " + std::string(what));
      }
    }
    throw BadValue(std::string(what));
  }
}

}  // namespace

ConfigResult parse_processor_config(int argc, const char* const* argv) {
  ProcessorConfig c;
  TopologyOptions& t = c.topology;
  // security.protocol, sasl.* from the flags and variables.
  std::map<std::string, std::string> security;
  t.decode.processor_id = c.client_id;
  std::vector<Setting> settings = {
      {"--brokers", "KAFKA_BROKERS", "HOST:PORT,...", c.brokers,
       [&](const std::string& v) { c.brokers = v; }},
      {"--group-id", "GROUP_ID", "ID", c.group_id,
       [&](const std::string& v) { c.group_id = v; }},
      {"--client-id", "CLIENT_ID", "ID", c.client_id,
       [&](const std::string& v) {
         c.client_id = v;
         t.decode.processor_id = v;
       }},
      {"--input-topic", "INPUT_TOPIC", "TOPIC", t.input_topic,
       [&](const std::string& v) { t.input_topic = v; }},
      {"--output-topic", "OUTPUT_TOPIC", "TOPIC", t.output_topic,
       [&](const std::string& v) { t.output_topic = v; }},
      {"--dlq-topic", "DLQ_TOPIC", "TOPIC", t.dlq_topic,
       [&](const std::string& v) { t.dlq_topic = v; }},
      {"--agg-topic", "AGG_TOPIC", "TOPIC", t.agg_topic,
       [&](const std::string& v) { t.agg_topic = v; }},
      {"--late-topic", "LATE_TOPIC", "TOPIC", t.late_topic,
       [&](const std::string& v) { t.late_topic = v; }},
      {"--processing-guarantee", "PROCESSING_GUARANTEE", "GUARANTEE",
       c.processing_guarantee,
       [&](const std::string& v) {
         c.processing_guarantee =
             one_of(v, {"exactly_once_v2", "at_least_once"});
       }},
      {"--state-dir", "STATE_DIR", "DIR", c.state_dir,
       [&](const std::string& v) {
         if (v.empty()) throw BadValue("must not be empty");
         c.state_dir = v;
       }},
      {"--num-stream-threads", "NUM_STREAM_THREADS", "N",
       std::to_string(c.num_stream_threads),
       [&](const std::string& v) {
         c.num_stream_threads = parse_number(v, 1, 256, "a whole number");
       }},
      {"--commit-interval", "COMMIT_INTERVAL", "DURATION", "",
       [&](const std::string& v) {
         if (!v.empty()) c.commit_interval = parse_duration_or_throw(v);
       }},
      {"--http-host", "HTTP_HOST", "ADDRESS", c.http_host,
       [&](const std::string& v) {
         if (v.empty()) throw BadValue("must not be empty");
         c.http_host = v;
       }},
      {"--health-port", "HEALTH_PORT", "PORT", std::to_string(c.health_port),
       [&](const std::string& v) {
         c.health_port = parse_number(v, 0, 65535, "a port number");
       }},
      {"--window-size", "WINDOW_SIZE", "DURATION",
       format_duration(t.window_size),
       [&](const std::string& v) {
         t.window_size = parse_duration_or_throw(v);
       }},
      {"--window-grace", "WINDOW_GRACE", "DURATION",
       format_duration(t.window_grace),
       [&](const std::string& v) {
         t.window_grace = parse_duration_or_throw(v);
       }},
      {"--window-retention", "WINDOW_RETENTION", "DURATION",
       format_duration(t.window_retention),
       [&](const std::string& v) {
         t.window_retention = parse_duration_or_throw(v);
       }},
      {"--congestion-mph", "CONGESTION_MPH", "MPH", "35",
       [&](const std::string& v) {
         t.congestion_mph = parse_number(v, 0.0, 120.0, "a speed (mph)");
       }},
      {"--validation-clock", "VALIDATION_CLOCK", "record|wall", "record",
       [&](const std::string& v) {
         t.decode.clock =
             *parse_validation_clock(one_of(v, {"record", "wall"}));
       }},
      {"--max-clock-skew", "MAX_CLOCK_SKEW", "DURATION",
       format_duration(t.decode.decoder.validator.max_clock_skew),
       [&](const std::string& v) {
         t.decode.decoder.validator.max_clock_skew = parse_duration_or_throw(v);
       }},
      {"--max-reading-age", "MAX_READING_AGE", "DURATION",
       format_duration(t.decode.decoder.validator.max_age),
       [&](const std::string& v) {
         t.decode.decoder.validator.max_age = parse_duration_or_throw(v);
       }},
      {"--log-format", "LOG_FORMAT", "plain|json", "plain",
       [&](const std::string& v) {
         c.log_format = *parse_log_format(one_of(v, {"plain", "json"}));
       }},
      {"--log-level", "LOG_LEVEL", "LEVEL", "info",
       [&](const std::string& v) {
         c.log_level =
             *parse_log_level(one_of(v, {"debug", "info", "warn", "error"}));
       }},
      {"--kafka-config", "KAFKA_CONFIG_FILE", "FILE", "",
       [&](const std::string& v) { c.kafka_config_file = v; }},
      {"--security-protocol", "KAFKA_SECURITY_PROTOCOL", "PROTOCOL", "",
       [&](const std::string& v) { security["security.protocol"] = v; }},
      {"--sasl-mechanism", "KAFKA_SASL_MECHANISM", "MECHANISM", "",
       [&](const std::string& v) { security["sasl.mechanism"] = v; }},
      {"--sasl-username", "KAFKA_SASL_USERNAME", "NAME", "",
       [&](const std::string& v) { security["sasl.username"] = v; }},
  };
  const std::map<std::string, std::string> help = {
      {"--brokers", "Kafka bootstrap servers, host:port[,host:port...]"},
      {"--group-id",
       "application.id: the consumer group and the prefix of "
       "internal topics and transactional ids"},
      {"--client-id", "client.id, and processor_id in every output reading"},
      {"--input-topic", "raw METR-LA readings"},
      {"--output-topic", "valid, flattened readings keyed by sensor id"},
      {"--dlq-topic", "invalid readings: original bytes, reasons in headers"},
      {"--agg-topic", "final per-sensor window results (JSON)"},
      {"--late-topic",
       "readings too late for their window, as JSON speed, volume and "
       "timestamp keyed by sensor id (empty: off; they are counted either "
       "way)"},
      {"--processing-guarantee",
       "exactly_once_v2 (needs transactions: a real broker) or "
       "at_least_once"},
      {"--state-dir", "where the window store lives (RocksDB)"},
      {"--num-stream-threads", "stream threads, 1..256"},
      {"--commit-interval",
       "commit interval, e.g. 100ms (default: 100ms "
       "under exactly_once_v2, 30s otherwise)"},
      {"--http-host",
       "address the HTTP endpoints bind to (0.0.0.0: every "
       "interface, e.g. in a container)"},
      {"--health-port",
       "port of /health, /ready, /metrics, /stats, "
       "/sensors/{id} (0: any free port)"},
      {"--window-size", "tumbling window size"},
      {"--window-grace",
       "how long after a window's end readings are "
       "still accepted (event time)"},
      {"--window-retention",
       "how long windows stay queryable after their "
       "start (/sensors/{id})"},
      {"--congestion-mph",
       "a reading strictly below this speed counts as congested"},
      {"--validation-clock",
       "'now' of the timestamp rules: record (the record's timestamp: "
       "reproducible, works with simulated time) or wall (this clock)"},
      {"--max-clock-skew", "how far past 'now' an event time may be"},
      {"--max-reading-age", "how far before 'now' an event time may be"},
      {"--log-format", "plain or json (one JSON object per line)"},
      {"--log-level", "debug, info, warn or error"},
      {"--kafka-config",
       "a Java-style properties file (key=value lines, # comments) of "
       "StreamsConfig keys for the Kafka clients, e.g. security.protocol, "
       "sasl.*, ssl.* (see docs/security.md)"},
      {"--security-protocol",
       "security.protocol: plaintext, ssl, sasl_plaintext or sasl_ssl "
       "(over the file's)"},
      {"--sasl-mechanism",
       "sasl.mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, ... (over the "
       "file's)"},
      {"--sasl-username", "sasl.username (over the file's)"},
  };

  CLI::App app(
      "traffic-processor: validates METR-LA traffic readings from Kafka, "
      "flattens the valid ones, dead-letters the rest with reasons, and "
      "aggregates per-sensor windows. Every option can also be given as "
      "the environment variable in brackets; a flag wins.",
      "traffic-processor");
  app.option_defaults()->always_capture_default();
  for (Setting& s : settings) {
    app.add_option(s.flag, s.text, help.at(s.flag))
        ->envname(s.env)
        ->type_name(s.type);
  }
  app.add_option("--streams-config", c.streams_properties,
                 "an extra StreamsConfig property (repeatable), e.g. "
                 "security.protocol=SASL_SSL")
      ->type_name("KEY=VALUE")
      ->default_str("");
  app.add_flag("--print-topology", c.print_topology,
               "print the topology (Kafka Streams' describe() format) and "
               "exit");
  app.footer(
      "Secrets: KAFKA_SASL_PASSWORD (sasl.password, over the file's) is read "
      "from the environment only, never from a flag (command lines are "
      "visible to every user); a --kafka-config file is the other way. "
      "Precedence of Kafka client keys: the file, then KAFKA_SECURITY_"
      "PROTOCOL/KAFKA_SASL_*, then --streams-config. Secrets are shown as "
      "[redacted] in logs and /stats. Memory: the program runs on jemalloc "
      "(logged at start); a build without it caps glibc's malloc arenas at "
      "2 unless MALLOC_ARENA_MAX is set.");

  ConfigResult result;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    result.output = app.help();
    return result;
  } catch (const CLI::ParseError& e) {
    result.exit_code = 2;
    result.output = std::string("traffic-processor: ") + e.what() +
                    "\nRun with --help for the options.";
    return result;
  }
  try {
    for (const Setting& s : settings) {
      try {
        s.apply(s.text);
      } catch (const BadValue& e) {
        throw BadValue(where(s) + ": " + e.what());
      }
    }
    try {
      check_bindable(c.http_host);
    } catch (const BadValue& e) {
      throw BadValue("--http-host (HTTP_HOST): " + std::string(e.what()));
    }
    if (const char* password = std::getenv("KAFKA_SASL_PASSWORD")) {
      security["sasl.password"] = password;
    }
    const std::set<std::string> from_file = load_kafka_properties(c, security);
    for (const std::string& kv : c.streams_properties) {
      const std::size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        // Not echoed: it may be a secret missing its key.
        throw BadValue("--streams-config: an argument is not key=value");
      }
      check_not_owned(kv.substr(0, eq), "--streams-config");
    }
    check_cross_field(c);
    check_streams_config(c, from_file);
  } catch (const BadValue& e) {
    result.exit_code = 2;
    result.output = std::string("traffic-processor: ") + e.what();
    return result;
  }
  result.config = std::move(c);
  return result;
}

namespace {

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') {
    return "localhost";
  }
  return name;
}

}  // namespace

sluice::StreamsConfig::Properties streams_properties(const ProcessorConfig& c) {
  sluice::StreamsConfig::Properties p = {
      {"application.id", c.group_id},
      {"bootstrap.servers", c.brokers},
      {"client.id", c.client_id},
      {"processing.guarantee", c.processing_guarantee},
      {"state.dir", c.state_dir},
      {"num.stream.threads", std::to_string(c.num_stream_threads)},
      {"processing.exception.handler", "dead_letter"},
      {"errors.dead.letter.queue.topic.name", c.topology.dlq_topic},
  };
  if (c.commit_interval) {
    p["commit.interval.ms"] = std::to_string(c.commit_interval->count());
  }
  // Under exactly_once_v2 each instance needs its own transactional ids
  // (<application.id>-<instance.id>-<thread>): replicas that share a
  // CLIENT_ID still differ by host name. Overridable with
  // --streams-config instance.id=...
  p["instance.id"] = c.client_id + "-" + host_name();
  for (const auto& [key, value] : c.kafka_properties) p[key] = value;
  for (const std::string& kv : c.streams_properties) {
    const std::size_t eq = kv.find('=');
    p[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return p;
}

void log_startup(const ProcessorConfig& c,
                 const sluice::StreamsConfig& streams_config) {
  constexpr std::string_view kComponent = "traffic-processor";
  sluice::log(sluice::LogLevel::kInfo, kComponent,
              "starting: brokers " + streams_config.bootstrap_servers() +
                  ", application.id " + streams_config.application_id() + ", " +
                  c.processing_guarantee + ", " + c.topology.input_topic +
                  " -> " + c.topology.output_topic + " / " +
                  c.topology.dlq_topic + " / " + c.topology.agg_topic);
  sluice::log(
      sluice::LogLevel::kInfo, kComponent,
      "StreamsConfig: " + sluice::format_config(streams_config.originals()));
}

}  // namespace traffic
