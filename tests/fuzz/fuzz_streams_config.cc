// Fuzz target: StreamsConfig (config.h), the parser of an application's
// configuration, from a map of strings.
//
// Input: lines "key=value" (split at the first '='; a line without one is a
// key with an empty value); later lines win for the same key. Any bytes,
// NUL included, may appear in keys and values.
//
// Properties:
//  * construction returns or throws ConfigError, never anything else;
//  * an accepted configuration keeps every documented range and rule:
//    application.id non-empty of [A-Za-z0-9._-], bootstrap.servers
//    non-empty, client.id and instance.id defaulted, 1..256 threads, ...;
//  * the librdkafka properties handed to the clients never contain a key
//    sluice owns (group.id, transactional.id, ...), not even as librdkafka
//    reads a key (a C string, up to its first NUL), and librdkafka accepts
//    every one of them;
//  * constructing again from originals() gives the same configuration.
#include <librdkafka/rdkafka.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "sluice/config.h"

namespace {

using Properties = sluice::StreamsConfig::Properties;

Properties parse_lines(std::string_view text) {
  Properties properties;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    const std::size_t eq = line.find('=');
    properties[std::string(line.substr(0, eq))] =
        eq == std::string_view::npos ? std::string()
                                     : std::string(line.substr(eq + 1));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return properties;
}

void check_client_properties(const Properties& properties) {
  static const std::set<std::string, std::less<>> kOwned = {
      "group.id",         "enable.auto.commit",  "enable.auto.offset.store",
      "transactional.id", "isolation.level",     "bootstrap.servers",
      "client.id",        "enable.partition.eof"};
  for (const auto& [key, value] : properties) {
    // librdkafka takes C strings: this is the key it will set.
    const std::string_view as_read(key.c_str(), std::strlen(key.c_str()));
    FUZZ_CHECK(kOwned.count(as_read) == 0,
               "a client property never overrides a key sluice owns");
    std::unique_ptr<rd_kafka_conf_t, decltype(&rd_kafka_conf_destroy)> conf(
        rd_kafka_conf_new(), &rd_kafka_conf_destroy);
    char error[512];
    FUZZ_CHECK(rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), error,
                                 sizeof error) == RD_KAFKA_CONF_OK,
               "librdkafka accepts every client property");
  }
}

void check_accepted(const sluice::StreamsConfig& config) {
  const std::string& id = config.application_id();
  FUZZ_CHECK(!id.empty(), "application.id is set");
  for (const char c : id) {
    FUZZ_CHECK(std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                   c == '_' || c == '-',
               "application.id is [A-Za-z0-9._-]");
  }
  FUZZ_CHECK(!config.bootstrap_servers().empty(), "bootstrap.servers is set");
  FUZZ_CHECK(!config.instance_id().empty(), "instance.id is set");
  FUZZ_CHECK(!config.state_dir().empty(), "state.dir is set");
  FUZZ_CHECK(
      config.num_stream_threads() >= 1 && config.num_stream_threads() <= 256,
      "num.stream.threads in 1..256");
  FUZZ_CHECK(config.commit_interval().count() >= 0 &&
                 config.poll_timeout().count() >= 1 &&
                 config.max_poll_records() >= 1 &&
                 config.startup_timeout().count() >= 100,
             "durations and counts in range");
  const bool dead_letter =
      config.deserialization_policy() == sluice::ErrorPolicy::kDeadLetter ||
      config.processing_policy() == sluice::ErrorPolicy::kDeadLetter;
  FUZZ_CHECK(!dead_letter || !config.dead_letter_topic().empty(),
             "dead_letter has a topic");
  check_client_properties(config.consumer_properties());
  check_client_properties(config.producer_properties());
  check_client_properties(config.admin_properties());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const Properties properties =
      parse_lines(std::string_view(reinterpret_cast<const char*>(data), size));
  std::unique_ptr<sluice::StreamsConfig> config;
  try {
    config = std::make_unique<sluice::StreamsConfig>(properties);
  } catch (const sluice::ConfigError&) {
    return 0;
  }
  check_accepted(*config);
  const sluice::StreamsConfig again(config->originals());
  FUZZ_CHECK(again.consumer_properties() == config->consumer_properties() &&
                 again.producer_properties() == config->producer_properties() &&
                 again.commit_interval() == config->commit_interval() &&
                 again.client_id() == config->client_id(),
             "the same originals give the same configuration");
  return 0;
}
