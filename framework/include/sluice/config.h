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
//   commit.interval.ms          [30000; 100 under exactly_once_v2]
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
//   statestore.cache.max.bytes  [10485760] dirty store entries a task holds
//                               before it commits early
//   rocksdb.memory.bytes        [33554432] block cache + write buffers shared
//                               by all RocksDB stores of the instance
//   consumer.<key>, producer.<key>, admin.<key>: passed to that librdkafka
//                               client; an unprefixed librdkafka key (e.g.
//                               security.protocol) goes to all clients.
// An unknown key, a malformed value, or a librdkafka key librdkafka rejects
// throws ConfigError naming the key. Keys the runtime must own
// (group.id, enable.auto.commit, transactional.id, ...) are rejected too.
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

  // librdkafka properties for each client kind (prefix removed; unprefixed
  // librdkafka keys included).
  const Properties& consumer_properties() const noexcept { return consumer_; }
  const Properties& producer_properties() const noexcept { return producer_; }
  const Properties& admin_properties() const noexcept { return admin_; }

  // Everything as given.
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

}  // namespace sluice

#endif  // SLUICE_CONFIG_H_
