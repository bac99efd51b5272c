#include "sluice/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sluice {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

StreamsConfig::Properties base() {
  return {{"application.id", "app"}, {"bootstrap.servers", "localhost:9092"}};
}

std::string error_for(StreamsConfig::Properties p) {
  try {
    StreamsConfig config(std::move(p));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

// The error for `p` contains `expected` but not `secret`.
void expect_error_hiding(const StreamsConfig::Properties& p,
                         const std::string& expected,
                         const std::string& secret) {
  const std::string error = error_for(p);
  EXPECT_THAT(error, HasSubstr(expected));
  EXPECT_THAT(error, Not(HasSubstr(secret)));
}

TEST(StreamsConfigTest, DefaultsFollowKafkaStreams) {
  StreamsConfig c(base());
  EXPECT_EQ(c.application_id(), "app");
  EXPECT_EQ(c.client_id(), "app");
  EXPECT_EQ(c.num_stream_threads(), 1);
  EXPECT_EQ(c.commit_interval().count(), 30000);
  EXPECT_EQ(c.processing_guarantee(), ProcessingGuarantee::kAtLeastOnce);
  EXPECT_EQ(c.deserialization_policy(), ErrorPolicy::kFail);
  EXPECT_EQ(c.processing_policy(), ErrorPolicy::kFail);
}

TEST(StreamsConfigTest, RequiredKeysAreNamed) {
  EXPECT_THAT(error_for({{"bootstrap.servers", "x:1"}}),
              HasSubstr("'application.id'"));
  EXPECT_THAT(error_for({{"application.id", "a"}}),
              HasSubstr("'bootstrap.servers'"));
}

TEST(StreamsConfigTest, MalformedValuesNameTheKey) {
  auto p = base();
  p["num.stream.threads"] = "two";
  EXPECT_THAT(error_for(p),
              HasSubstr("'num.stream.threads': 'two' is not an integer"));
  p["num.stream.threads"] = "0";
  EXPECT_THAT(error_for(p),
              HasSubstr("'num.stream.threads': 0 is outside 1..256"));
  p = base();
  p["num.standby.replicas"] = "0";
  EXPECT_NO_THROW(StreamsConfig{p});
  p["num.standby.replicas"] = "1";
  EXPECT_THAT(error_for(p), HasSubstr("standby replicas are not supported"));
  p = base();
  p["commit.interval.ms"] = "-5";
  EXPECT_THAT(error_for(p), HasSubstr("'commit.interval.ms'"));
  p = base();
  p["application.id"] = "has space";
  EXPECT_THAT(error_for(p), HasSubstr("'application.id'"));
  p = base();
  p["processing.exception.handler"] = "ignore";
  EXPECT_THAT(error_for(p),
              HasSubstr("'processing.exception.handler': 'ignore'"));
}

TEST(StreamsConfigTest, UnknownKeysAreRejected) {
  auto p = base();
  p["num.stream.thread"] = "2";
  EXPECT_THAT(error_for(p),
              HasSubstr("'num.stream.thread': unknown configuration key"));
}

TEST(StreamsConfigTest, ExactlyOnceShortensTheDefaultCommitInterval) {
  auto p = base();
  p["processing.guarantee"] = "exactly_once_v2";
  StreamsConfig eos(p);
  EXPECT_EQ(eos.processing_guarantee(), ProcessingGuarantee::kExactlyOnceV2);
  EXPECT_EQ(eos.commit_interval().count(), 100);
  p["commit.interval.ms"] = "250";
  EXPECT_EQ(StreamsConfig(p).commit_interval().count(), 250);
  p["processing.guarantee"] = "exactly_once";
  EXPECT_THAT(error_for(p),
              HasSubstr("is not one of at_least_once, exactly_once_v2"));
}

TEST(StreamsConfigTest, InstanceIdDefaultsToClientId) {
  auto p = base();
  EXPECT_EQ(StreamsConfig(p).instance_id(), "app");
  p["client.id"] = "c";
  EXPECT_EQ(StreamsConfig(p).instance_id(), "c");
  p["instance.id"] = "host-1";
  EXPECT_EQ(StreamsConfig(p).instance_id(), "host-1");
}

TEST(StreamsConfigTest, DeadLetterNeedsATopic) {
  auto p = base();
  p["processing.exception.handler"] = "dead_letter";
  EXPECT_THAT(error_for(p), HasSubstr("'errors.dead.letter.queue.topic.name'"));
  p["errors.dead.letter.queue.topic.name"] = "dlq";
  StreamsConfig c(p);
  EXPECT_EQ(c.processing_policy(), ErrorPolicy::kDeadLetter);
  EXPECT_EQ(c.dead_letter_topic(), "dlq");
}

TEST(StreamsConfigTest, ClientPropertiesPassThroughAndAreCheckedByLibrdkafka) {
  auto p = base();
  p["consumer.fetch.max.bytes"] = "1048576";
  p["producer.linger.ms"] = "5";
  p["security.protocol"] = "plaintext";
  StreamsConfig c(p);
  EXPECT_EQ(c.consumer_properties().at("fetch.max.bytes"), "1048576");
  EXPECT_EQ(c.producer_properties().at("linger.ms"), "5");
  EXPECT_EQ(c.admin_properties().at("security.protocol"), "plaintext");
  EXPECT_EQ(c.producer_properties().count("fetch.max.bytes"), 0u);
  EXPECT_EQ(c.consumer_properties().count("linger.ms"), 0u);

  p = base();
  p["producer.linger.ms"] = "soon";
  EXPECT_THAT(error_for(p), HasSubstr("'producer.linger.ms'"));
  p = base();
  p["consumer.no.such.thing"] = "1";
  EXPECT_THAT(error_for(p), HasSubstr("'consumer.no.such.thing'"));
}

TEST(StreamsConfigTest, KeysTheRuntimeOwnsCannotBeOverridden) {
  auto p = base();
  p["consumer.group.id"] = "other";
  EXPECT_THAT(error_for(p), HasSubstr("'consumer.group.id': is set by sluice"));
  p = base();
  p["enable.auto.commit"] = "true";
  EXPECT_THAT(error_for(p), HasSubstr("'enable.auto.commit'"));
}

TEST(StreamsConfigTest, SecuritySettingsReachEveryClient) {
  auto p = base();
  p["security.protocol"] = "SASL_SSL";
  p["sasl.mechanism"] = "SCRAM-SHA-512";
  p["sasl.username"] = "svc";
  p["sasl.password"] = "hunter2";
  p["ssl.ca.location"] = "/etc/ssl/certs/ca.pem";
  p["socket.keepalive.enable"] = "true";
  p["producer.sasl.username"] = "svc-producer";
  const StreamsConfig c(p);
  for (const auto* client : {&c.consumer_properties(), &c.producer_properties(),
                             &c.admin_properties()}) {
    EXPECT_EQ(client->at("security.protocol"), "SASL_SSL");
    EXPECT_EQ(client->at("sasl.mechanism"), "SCRAM-SHA-512");
    EXPECT_EQ(client->at("sasl.password"), "hunter2");
    EXPECT_EQ(client->at("ssl.ca.location"), "/etc/ssl/certs/ca.pem");
    EXPECT_EQ(client->at("socket.keepalive.enable"), "true");
  }
  // The prefixed key wins for its client only.
  EXPECT_EQ(c.producer_properties().at("sasl.username"), "svc-producer");
  EXPECT_EQ(c.consumer_properties().at("sasl.username"), "svc");
  EXPECT_EQ(c.admin_properties().at("sasl.username"), "svc");
}

TEST(StreamsConfigTest, ClientSpecificKeysGoOnlyWhereTheyApply) {
  auto p = base();
  p["auto.offset.reset"] = "latest";  // consumer-only in librdkafka
  p["compression.type"] = "zstd";     // producer-only
  p["consumer.auto.offset.reset"] = "earliest";
  const StreamsConfig c(p);
  EXPECT_EQ(c.consumer_properties().at("auto.offset.reset"), "earliest");
  EXPECT_EQ(c.producer_properties().count("auto.offset.reset"), 0u);
  EXPECT_EQ(c.admin_properties().count("auto.offset.reset"), 0u);
  EXPECT_EQ(c.producer_properties().at("compression.type"), "zstd");
  EXPECT_EQ(c.consumer_properties().count("compression.type"), 0u);
  EXPECT_EQ(c.admin_properties().count("compression.type"), 0u);
}

TEST(StreamsConfigTest, SecurityValuesAreCheckedByLibrdkafka) {
  auto p = base();
  p["security.protocol"] = "SASL_TLS";
  EXPECT_THAT(error_for(p), HasSubstr("'security.protocol': Invalid value"));
  p = base();
  p["enable.ssl.certificate.verification"] = "maybe";
  EXPECT_THAT(error_for(p), HasSubstr("'enable.ssl.certificate.verification'"));
  p = base();
  p["sasl.jaas.config"] = "org.apache.kafka...ScramLoginModule required;";
  expect_error_hiding(p, "'sasl.jaas.config'", "ScramLoginModule");
}

TEST(StreamsConfigTest, ABadSecretIsNotEchoed) {
  auto p = base();
  p["sasl.password"] = "hunter2\r";
  expect_error_hiding(p, "'sasl.password': contains a control", "hunter2");
  p = base();
  p["consumer.sasl.username"] = "svc\n";
  expect_error_hiding(p, "'consumer.sasl.username'", "svc");
}

TEST(StreamsConfigTest, NulBytesAreRejected) {
  auto p = base();
  p[std::string("group.id\0x", 10)] = "other";
  EXPECT_THAT(error_for(p), HasSubstr("'group.id?x': the key contains a NUL"));
  p = base();
  p["sasl.password"] = std::string("hunter2\0rest", 12);
  expect_error_hiding(p, "'sasl.password': the value contains a NUL byte",
                      "hunter2");
}

TEST(ConfigRedactionTest, SensitiveKeys) {
  for (const char* key :
       {"sasl.password", "SASL.PASSWORD", "producer.sasl.password",
        "sasl.username", "ssl.key.password", "ssl.keystore.password",
        "ssl.keystore.location", "ssl.key.pem", "ssl.key.location",
        "sasl.jaas.config", "sasl.oauthbearer.config",
        "sasl.oauthbearer.client.secret", "admin.ssl.key.pem",
        "my.api.secret"}) {
    EXPECT_TRUE(is_sensitive_config_key(key)) << key;
  }
  for (const char* key :
       {"security.protocol", "sasl.mechanism", "ssl.ca.location",
        "ssl.certificate.location", "ssl.certificate.pem", "bootstrap.servers",
        "application.id", "consumer.fetch.max.bytes", "sasl.kerberos.keytab"}) {
    EXPECT_FALSE(is_sensitive_config_key(key)) << key;
  }
}

TEST(ConfigRedactionTest, RedactedViews) {
  const StreamsConfig::Properties p = {{"application.id", "app"},
                                       {"sasl.password", "hunter2"},
                                       {"producer.ssl.key.pem", "-----BEGIN"}};
  const StreamsConfig::Properties r = redact_config(p);
  EXPECT_EQ(r.at("application.id"), "app");
  EXPECT_EQ(r.at("sasl.password"), "[redacted]");
  EXPECT_EQ(r.at("producer.ssl.key.pem"), "[redacted]");
  EXPECT_EQ(format_config(p),
            "application.id=app, producer.ssl.key.pem=[redacted], "
            "sasl.password=[redacted]");
  EXPECT_EQ(redact_config_value("sasl.password", ""), "[redacted]");
  EXPECT_EQ(redact_config_value("linger.ms", "5"), "5");
}

std::string properties_error(std::string_view text) {
  try {
    parse_properties(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PropertiesFileTest, JavaStyleLines) {
  const StreamsConfig::Properties p = parse_properties(
      "# a comment\n"
      "! another\n"
      "\n"
      "security.protocol=SASL_SSL\r\n"
      "  sasl.mechanism : SCRAM-SHA-512\n"
      "sasl.username = svc\n"
      "sasl.password=p=ss:w\\\\rd \n"
      "ssl.ca.location=/etc/ssl/\\\n"
      "    ca.pem\n"
      "client.id=caf\\u00e9\n"
      "sasl.username=svc2\n");
  EXPECT_EQ(p.at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(p.at("sasl.mechanism"), "SCRAM-SHA-512");
  EXPECT_EQ(p.at("sasl.username"), "svc2");  // the later line wins
  EXPECT_EQ(p.at("sasl.password"), "p=ss:w\\rd ");
  EXPECT_EQ(p.at("ssl.ca.location"), "/etc/ssl/ca.pem");
  EXPECT_EQ(p.at("client.id"), "caf\xc3\xa9");
  EXPECT_EQ(p.size(), 6u);
}

TEST(PropertiesFileTest, ErrorsNameTheLineButNeverAValue) {
  EXPECT_EQ(properties_error("a=1\nsasl.password hunter2\n"),
            "line 2: expected key=value (the line is not shown)");
  EXPECT_EQ(properties_error("=hunter2"), "line 1: empty key");
  const std::string bad_escape =
      properties_error("x=1\nsasl.password=hunter2\\u12G4\n");
  EXPECT_EQ(bad_escape,
            "line 2: the value of 'sasl.password' has a malformed \\uXXXX "
            "escape");
}

TEST(PropertiesFileTest, AMissingFileIsNamed) {
  try {
    load_properties_file("/nonexistent/kafka.properties");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/kafka.properties: cannot be read");
  }
}

}  // namespace
}  // namespace sluice
