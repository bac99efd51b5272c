// kafka::fetch_defaults (label unit): what it sets, and that the linked
// librdkafka knows it.
#include "kafka/fetch_defaults.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include "kafka/client_factory.h"

namespace sluice::kafka {
namespace {

TEST(FetchDefaultsTest, AShortFetchQueueBackoff) {
  const Properties expected = {
      {"fetch.queue.backoff.ms", std::to_string(kFetchQueueBackoffMs)}};
  EXPECT_EQ(fetch_defaults(), expected);
  EXPECT_LT(kFetchQueueBackoffMs, 1000);  // shorter than librdkafka's 1 s
}

TEST(FetchDefaultsTest, TheLinkedLibrdkafkaAcceptsThem) {
  const StatusOr<ConfPtr> conf = make_conf(fetch_defaults());
  EXPECT_TRUE(conf.ok()) << rd_kafka_version_str() << ": "
                         << conf.status().message();
}

TEST(FetchDefaultsTest, TheLinkedLibrdkafkaIsTheOneBuiltFor) {
  // Linked statically: the release the headers describe is the one that
  // runs, and it is at least the 2.8 that cmake/SluiceDependencies.cmake
  // asks for (Debian 12's 2.0.2 would fail here if it were loaded instead).
  EXPECT_EQ(rd_kafka_version(), RD_KAFKA_VERSION) << rd_kafka_version_str();
  EXPECT_GE(rd_kafka_version(), 0x02080000) << rd_kafka_version_str();
}

}  // namespace
}  // namespace sluice::kafka
