// kafka::producer_defaults (label unit): the settings that matter, and that
// the linked librdkafka accepts them.
#include "kafka/producer_defaults.h"

#include <gtest/gtest.h>

#include "kafka/client_factory.h"

namespace sluice::kafka {
namespace {

TEST(ProducerDefaultsTest, IdempotentWithJavasPartitioner) {
  const Properties p = producer_defaults();
  EXPECT_EQ(p.at("enable.idempotence"), "true");
  // murmur2 as Java producers and Kafka Streams: a key lands in the same
  // partition whoever writes it.
  EXPECT_EQ(p.at("partitioner"), "murmur2_random");
  EXPECT_EQ(p.at("linger.ms"), "5");
}

TEST(ProducerDefaultsTest, TheLinkedLibrdkafkaAcceptsThem) {
  const StatusOr<ConfPtr> conf = make_conf(producer_defaults());
  EXPECT_TRUE(conf.ok()) << conf.status().message();
}

}  // namespace
}  // namespace sluice::kafka
