// StreamsConfig parsing and validation.
#include "sluice/config.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string_view>

namespace sluice {
namespace {

[[noreturn]] void fail(std::string_view key, const std::string& why) {
  throw ConfigError("config '" + std::string(key) + "': " + why);
}

// `text` with every occurrence of `secret` replaced by kRedacted.
std::string scrub(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kRedacted.size())) {
    text.replace(at, secret.size(), kRedacted);
  }
  return text;
}

// fail() for a message that may quote `value` (librdkafka's do): the value
// is scrubbed from it when `key` is sensitive.
[[noreturn]] void fail_quoting(std::string_view key, const std::string& why,
                               std::string_view value) {
  fail(key, is_sensitive_config_key(key) ? scrub(why, value) : why);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

// Which clients a librdkafka key applies to, from librdkafka's own table
// (rd_kafka_conf_properties_show: "name | C/P | ..." rows): 'C' consumer,
// 'P' producer, '*' both. Keys missing from the table count as '*'.
char librdkafka_scope(const std::string& key) {
  static const std::map<std::string, char, std::less<>> kScopes = [] {
    std::map<std::string, char, std::less<>> scopes;
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = ::open_memstream(&buffer, &size);
    if (out == nullptr) return scopes;
    rd_kafka_conf_properties_show(out);
    std::fclose(out);
    const std::string_view table(buffer, size);
    std::size_t start = 0;
    while (start < table.size()) {
      std::size_t end = table.find('\n', start);
      if (end == std::string_view::npos) end = table.size();
      const std::string_view line = table.substr(start, end - start);
      start = end + 1;
      const std::size_t bar1 = line.find('|');
      const std::size_t bar2 = line.find('|', bar1 + 1);
      if (bar1 == std::string_view::npos || bar2 == std::string_view::npos) {
        continue;
      }
      const std::string_view name = line.substr(0, line.find(' '));
      const std::string_view scope = line.substr(bar1 + 1, bar2 - bar1 - 1);
      for (char c : {'C', 'P', '*'}) {
        if (scope.find(c) != std::string_view::npos) {
          scopes.emplace(std::string(name), c);
          break;
        }
      }
    }
    std::free(buffer);
    return scopes;
  }();
  const auto it = kScopes.find(key);
  return it == kScopes.end() ? '*' : it->second;
}

bool has_control_character(std::string_view value) {
  return std::any_of(value.begin(), value.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

std::int64_t parse_int(std::string_view key, const std::string& value,
                       std::int64_t min, std::int64_t max) {
  std::int64_t out = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, out);
  if (ec != std::errc() || ptr != end || value.empty()) {
    fail(key, "'" + value + "' is not an integer");
  }
  if (out < min || out > max) {
    fail(key, std::to_string(out) + " is outside " + std::to_string(min) +
                  ".." + std::to_string(max));
  }
  return out;
}

ErrorPolicy parse_policy(std::string_view key, const std::string& value) {
  if (value == "fail") return ErrorPolicy::kFail;
  if (value == "log_and_continue") return ErrorPolicy::kLogAndContinue;
  if (value == "dead_letter") return ErrorPolicy::kDeadLetter;
  fail(key,
       "'" + value + "' is not one of fail, log_and_continue, dead_letter");
}

// Keys the runtime sets itself; letting users override them would break its
// guarantees.
const std::set<std::string, std::less<>>& owned_client_keys() {
  static const std::set<std::string, std::less<>> kKeys = {
      "group.id",         "enable.auto.commit",  "enable.auto.offset.store",
      "transactional.id", "isolation.level",     "bootstrap.servers",
      "client.id",        "enable.partition.eof"};
  return kKeys;
}

using ConfPtr =
    std::unique_ptr<rd_kafka_conf_t, decltype(&rd_kafka_conf_destroy)>;

// Asks librdkafka whether it accepts `key` = `value`; throws otherwise.
void check_librdkafka(std::string_view full_key, const std::string& key,
                      const std::string& value) {
  if (owned_client_keys().count(key) != 0) {
    fail(full_key, "is set by sluice and cannot be overridden");
  }
  ConfPtr conf(rd_kafka_conf_new(), &rd_kafka_conf_destroy);
  char err[512];
  if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), err,
                        sizeof err) != RD_KAFKA_CONF_OK) {
    fail_quoting(full_key, err, value);
  }
  if ((key == "sasl.username" || key == "sasl.password") &&
      has_control_character(value)) {
    fail(full_key,
         "contains a control character, which SASLprep (RFC 4013) forbids "
         "(a CR from a file with CRLF line endings?)");
  }
}

bool take_prefixed(const std::string& key, std::string_view prefix,
                   const std::string& value, StreamsConfig::Properties& into) {
  if (key.compare(0, prefix.size(), prefix) != 0) return false;
  const std::string bare = key.substr(prefix.size());
  check_librdkafka(key, bare, value);
  into[bare] = value;
  return true;
}

}  // namespace

StreamsConfig::StreamsConfig(Properties properties)
    : originals_(std::move(properties)) {
  parse();
}

StreamsConfig StreamsConfig::for_testing(Properties overrides) {
  overrides.try_emplace("application.id", "test-app");
  overrides.try_emplace("bootstrap.servers", "test-driver:9092");
  return StreamsConfig(std::move(overrides));
}

void StreamsConfig::parse() {
  bool commit_interval_set = false;
  Properties shared_client;
  for (const auto& [key, value] : originals_) {
    // librdkafka reads C strings: "group.id\0x" would be group.id to it, and
    // a value would be cut short.
    if (key.find('\0') != std::string::npos) {
      std::string shown = key;
      std::replace(shown.begin(), shown.end(), '\0', '?');
      fail(shown, "the key contains a NUL byte");
    }
    if (value.find('\0') != std::string::npos) {
      fail(key, "the value contains a NUL byte");
    }
    if (key == "application.id") {
      if (value.empty()) fail(key, "must not be empty");
      for (char c : value) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
              c == '_' || c == '-')) {
          fail(key, "'" + value + "' may contain only [A-Za-z0-9._-]");
        }
      }
      application_id_ = value;
    } else if (key == "bootstrap.servers") {
      if (value.empty()) fail(key, "must not be empty");
      bootstrap_ = value;
    } else if (key == "client.id") {
      client_id_ = value;
    } else if (key == "instance.id") {
      if (value.empty()) fail(key, "must not be empty");
      instance_id_ = value;
    } else if (key == "num.stream.threads") {
      num_threads_ = static_cast<int>(parse_int(key, value, 1, 256));
    } else if (key == "commit.interval.ms") {
      commit_interval_ =
          std::chrono::milliseconds(parse_int(key, value, 0, 86'400'000));
      commit_interval_set = true;
    } else if (key == "processing.guarantee") {
      if (value == "at_least_once") {
        guarantee_ = ProcessingGuarantee::kAtLeastOnce;
      } else if (value == "exactly_once_v2") {
        guarantee_ = ProcessingGuarantee::kExactlyOnceV2;
      } else {
        fail(key,
             "'" + value + "' is not one of at_least_once, exactly_once_v2");
      }
    } else if (key == "poll.ms") {
      poll_ = std::chrono::milliseconds(parse_int(key, value, 1, 60'000));
    } else if (key == "startup.timeout.ms") {
      startup_timeout_ =
          std::chrono::milliseconds(parse_int(key, value, 100, 3'600'000));
    } else if (key == "statestore.cache.max.bytes") {
      cache_max_bytes_ =
          static_cast<std::size_t>(parse_int(key, value, 0, 1LL << 40));
    } else if (key == "rocksdb.memory.bytes") {
      rocksdb_memory_bytes_ =
          static_cast<std::size_t>(parse_int(key, value, 4LL << 20, 1LL << 40));
    } else if (key == "max.poll.records") {
      max_poll_records_ = static_cast<int>(parse_int(key, value, 1, 1'000'000));
    } else if (key == "default.deserialization.exception.handler") {
      deser_policy_ = parse_policy(key, value);
    } else if (key == "processing.exception.handler") {
      proc_policy_ = parse_policy(key, value);
    } else if (key == "errors.dead.letter.queue.topic.name") {
      dlq_topic_ = value;
    } else if (key == "state.dir") {
      if (value.empty()) fail(key, "must not be empty");
      state_dir_ = value;
    } else if (key == "num.standby.replicas") {
      // Accepted for Kafka Streams configs that set the default.
      if (parse_int(key, value, 0, 1000) != 0) {
        fail(key,
             "standby replicas are not supported (librdkafka has no "
             "custom partition assignor; docs/state.md gives the "
             "restore cost instead)");
      }
    } else if (take_prefixed(key, "consumer.", value, consumer_) ||
               take_prefixed(key, "producer.", value, producer_) ||
               take_prefixed(key, "admin.", value, admin_)) {
      continue;
    } else {
      ConfPtr conf(rd_kafka_conf_new(), &rd_kafka_conf_destroy);
      char err[512];
      if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), err,
                            sizeof err) == RD_KAFKA_CONF_UNKNOWN) {
        fail(key, "unknown configuration key");
      }
      check_librdkafka(key, key, value);
      shared_client[key] = value;
    }
  }
  if (application_id_.empty()) fail("application.id", "is required");
  if (bootstrap_.empty()) fail("bootstrap.servers", "is required");
  if (client_id_.empty()) client_id_ = application_id_;
  if (instance_id_.empty()) instance_id_ = client_id_;
  if (!commit_interval_set &&
      guarantee_ == ProcessingGuarantee::kExactlyOnceV2) {
    commit_interval_ = std::chrono::milliseconds(100);
  }
  const bool needs_dlq = deser_policy_ == ErrorPolicy::kDeadLetter ||
                         proc_policy_ == ErrorPolicy::kDeadLetter;
  if (needs_dlq && dlq_topic_.empty()) {
    fail("errors.dead.letter.queue.topic.name",
         "is required when an exception handler is dead_letter");
  }
  // Each unprefixed key goes to the clients it applies to; prefixed
  // settings win over it.
  for (const auto& [key, value] : shared_client) {
    const char scope = librdkafka_scope(key);
    if (scope != 'P') consumer_.try_emplace(key, value);
    if (scope != 'C') producer_.try_emplace(key, value);
    if (scope == '*') admin_.try_emplace(key, value);
  }
}

bool is_sensitive_config_key(std::string_view key) noexcept {
  std::string k;
  try {
    k = lower(key);
  } catch (...) {
    return true;  // cannot tell: say sensitive
  }
  for (std::string_view prefix : {"consumer.", "producer.", "admin."}) {
    if (k.compare(0, prefix.size(), prefix) == 0) {
      k.erase(0, prefix.size());
      break;
    }
  }
  for (std::string_view part : {"password", "secret", "jaas"}) {
    if (k.find(part) != std::string::npos) return true;
  }
  if (k.compare(0, 13, "ssl.keystore.") == 0) return true;
  for (std::string_view librdkafka_sensitive :
       {"sasl.username", "sasl.oauthbearer.config", "ssl.key.pem",
        "ssl.key.location", "ssl_key", "ssl.ca.pem"}) {
    if (k == librdkafka_sensitive) return true;
  }
  return false;
}

std::string redact_config_value(std::string_view key, std::string_view value) {
  return std::string(is_sensitive_config_key(key) ? kRedacted : value);
}

StreamsConfig::Properties redact_config(
    const StreamsConfig::Properties& properties) {
  StreamsConfig::Properties out;
  for (const auto& [key, value] : properties) {
    out.emplace(key, redact_config_value(key, value));
  }
  return out;
}

std::string format_config(const StreamsConfig::Properties& properties) {
  std::string out;
  for (const auto& [key, value] : properties) {
    if (!out.empty()) out += ", ";
    out += key + "=" + redact_config_value(key, value);
  }
  return out;
}

}  // namespace sluice
