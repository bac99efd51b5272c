#include "sluice/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sluice {
namespace {

using ::testing::HasSubstr;

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

}  // namespace
}  // namespace sluice
