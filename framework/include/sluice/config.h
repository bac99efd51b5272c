// StreamsConfig: the configuration of a sluice application, in Kafka
// Streams' keys.
//
// Keys (defaults in brackets):
//   application.id              required; the consumer group id and the
//                               prefix of internal topics and transactional ids
//   bootstrap.servers           required; "host:port[,host:port...]"
//   client.id                   [application.id]
//   instance.id                 [client.id] this instance's stable identity;
//                               under exactly_once_v2 each thread's
//                               transactional.id is
//                               <application.id>-<instance.id>-<thread>, so
//                               give every instance of a scaled-out
//                               application its own (e.g. the host name)
//   num.stream.threads          [1] 1..256
//   num.standby.replicas        [0] only 0: no standby replicas
//                               (docs/state.md says why)
//   commit.interval.ms          [30000; 100 under exactly_once_v2] from
//                               one commit's start to the next one's
//   processing.guarantee        [at_least_once] | exactly_once_v2
//   poll.ms                     [100] how long a thread waits for records
//   max.poll.records            [1000] records handled per poll round
//   default.deserialization.exception.handler  [fail] | log_and_continue |
//                               dead_letter
//   processing.exception.handler  [fail] | log_and_continue | dead_letter
//   errors.dead.letter.queue.topic.name  required when a handler is
//                               dead_letter
//   state.dir                   [/tmp/sluice] where local state lives
//   startup.timeout.ms          [30000] how long start() waits for the
//                               cluster to answer
//   statestore.cache.max.bytes  [10485760] the record caches of the
//                               instance's stores (written entries until a
//                               commit, then recently used ones), shared
//                               evenly by all the application's store
//                               partitions; a task whose written entries
//                               exceed it commits early
//   rocksdb.memory.bytes        [33554432] block cache + write buffers shared
//                               by all RocksDB stores of the instance
//   consumer.<key>, producer.<key>, admin.<key>: passed to that librdkafka
//                               client (consumer.: the stream threads'
//                               consumers and the restore consumer).
//   <librdkafka key> unprefixed: passed to every client it applies to, by
//                               librdkafka's own scope of the key: a
//                               client-wide key (security.protocol, sasl.*,
//                               ssl.*, socket.*, broker.address.family,
//                               debug, ...) to the consumers, the producers
//                               and the admin client; a consumer-only key
//                               (e.g. auto.offset.reset) to the consumers; a
//                               producer-only key (e.g. linger.ms) to the
//                               producers. A prefixed key wins over the same
//                               key unprefixed.
// An unknown key, a malformed value, or a librdkafka key librdkafka rejects
// throws ConfigError naming the key. Keys the runtime must own
// (group.id, enable.auto.commit, transactional.id, ...) are rejected too.
// No key or value may contain a NUL byte (librdkafka would read less).
// sasl.username and sasl.password may not contain control characters
// (SASLprep, RFC 4013, forbids them; usually a stray CR from a file).
// Error messages never contain the value of a sensitive key (see
// is_sensitive_config_key below).
//
// Thread-safety: immutable after construction.
#ifndef SLUICE_CONFIG_H_
#define SLUICE_CONFIG_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "sluice/errors.h"

namespace sluice {

enum class ProcessingGuarantee { kAtLeastOnce, kExactlyOnceV2 };

class StreamsConfig {
 public:
  using Properties = std::map<std::string, std::string, std::less<>>;

  // Validates `properties`. Throws ConfigError naming the first bad key.
  explicit StreamsConfig(Properties properties);
  StreamsConfig(std::initializer_list<Properties::value_type> properties)
      : StreamsConfig(Properties(properties)) {}

  // A configuration for the TopologyTestDriver: application.id and
  // bootstrap.servers get placeholder values unless given.
  static StreamsConfig for_testing(Properties overrides = {});

  const std::string& application_id() const noexcept { return application_id_; }
  const std::string& bootstrap_servers() const noexcept { return bootstrap_; }
  const std::string& client_id() const noexcept { return client_id_; }
  const std::string& instance_id() const noexcept { return instance_id_; }
  int num_stream_threads() const noexcept { return num_threads_; }
  std::chrono::milliseconds commit_interval() const noexcept {
    return commit_interval_;
  }
  ProcessingGuarantee processing_guarantee() const noexcept {
    return guarantee_;
  }
  std::chrono::milliseconds poll_timeout() const noexcept { return poll_; }
  int max_poll_records() const noexcept { return max_poll_records_; }
  ErrorPolicy deserialization_policy() const noexcept { return deser_policy_; }
  ErrorPolicy processing_policy() const noexcept { return proc_policy_; }
  const std::string& dead_letter_topic() const noexcept { return dlq_topic_; }
  const std::string& state_dir() const noexcept { return state_dir_; }
  std::chrono::milliseconds startup_timeout() const noexcept {
    return startup_timeout_;
  }
  std::size_t cache_max_bytes() const noexcept { return cache_max_bytes_; }
  std::size_t rocksdb_memory_bytes() const noexcept {
    return rocksdb_memory_bytes_;
  }

  // librdkafka properties for each client kind: the prefixed keys (prefix
  // removed) over the unprefixed librdkafka keys that apply to that kind.
  // consumer_properties() serves every consumer (stream threads' and the
  // restore consumer), producer_properties() every producer.
  const Properties& consumer_properties() const noexcept { return consumer_; }
  const Properties& producer_properties() const noexcept { return producer_; }
  const Properties& admin_properties() const noexcept { return admin_; }

  // Everything as given, secrets included: print redact_config(originals())
  // instead.
  const Properties& originals() const noexcept { return originals_; }

 private:
  void parse();

  Properties originals_;
  std::string application_id_;
  std::string bootstrap_;
  std::string client_id_;
  std::string instance_id_;
  int num_threads_ = 1;
  std::chrono::milliseconds commit_interval_{30000};
  ProcessingGuarantee guarantee_ = ProcessingGuarantee::kAtLeastOnce;
  std::chrono::milliseconds poll_{100};
  int max_poll_records_ = 1000;
  ErrorPolicy deser_policy_ = ErrorPolicy::kFail;
  ErrorPolicy proc_policy_ = ErrorPolicy::kFail;
  std::string dlq_topic_;
  std::string state_dir_ = "/tmp/sluice";
  std::chrono::milliseconds startup_timeout_{30000};
  std::size_t cache_max_bytes_ = std::size_t{10} << 20;
  std::size_t rocksdb_memory_bytes_ = std::size_t{32} << 20;
  Properties consumer_;
  Properties producer_;
  Properties admin_;
};

// Secrets in configurations. One rule for every place that prints a
// configuration (log lines, status endpoints, error messages).

// What a sensitive value is replaced with.
inline constexpr std::string_view kRedacted = "[redacted]";

// True when the value of `key` must never be printed. Case-insensitive; a
// consumer./producer./admin. prefix is ignored. Sensitive: every key that
// contains "password", "secret" or "jaas" (e.g. sasl.password,
// ssl.key.password, ssl.keystore.password, sasl.oauthbearer.client.secret,
// sasl.jaas.config), every ssl.keystore.* key, and the keys librdkafka
// itself marks sensitive: sasl.username, sasl.oauthbearer.config,
// ssl.key.pem, ssl.key.location, ssl_key, ssl.ca.pem.
bool is_sensitive_config_key(std::string_view key) noexcept;

// `value`, or kRedacted when `key` is sensitive.
std::string redact_config_value(std::string_view key, std::string_view value);

// A copy of `properties` with every sensitive value replaced by kRedacted.
StreamsConfig::Properties redact_config(
    const StreamsConfig::Properties& properties);

// "key=value, key=value, ..." of redact_config(properties) in key order, for
// log lines.
std::string format_config(const StreamsConfig::Properties& properties);

// Parses the text of a Java-style properties file: one `key=value` (or
// `key: value`) per line; blank lines and lines starting with '#' or '!'
// are skipped; whitespace around keys and before values is dropped; a line
// ending in an odd number of backslashes continues on the next line;
// escapes \\, \t, \n, \r, \f, \uXXXX and \<other char> (that char). A
// later line wins over an earlier one with the same key. Throws ConfigError
// "line N: ..." for a line without a separator, an empty key or a malformed
// \u escape; the message never contains a value (nor the text of a line
// without a key).
StreamsConfig::Properties parse_properties(std::string_view text);

// parse_properties() of the file at `path`. Throws ConfigError
// "<path>: ..." when the file cannot be read or does not parse.
StreamsConfig::Properties load_properties_file(const std::string& path);

}  // namespace sluice

#endif  // SLUICE_CONFIG_H_
