#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include "kafka/client_factory.h"
#include "kafka/fetch_waker.h"

namespace sluice::kafka {
namespace {

TEST(FetchDefaultsTest, NothingBeforeLibrdkafka21) {
  // Those versions reject fetch.queue.backoff.ms.
  EXPECT_TRUE(fetch_defaults(0x020002ff).empty());  // 2.0.2, Debian 12's
  EXPECT_TRUE(fetch_defaults(0x020004ff).empty());  // 2.0.4
  EXPECT_TRUE(fetch_defaults(0x010905ff).empty());  // 1.9.5
}

TEST(FetchDefaultsTest, AShortFetchQueueBackoffFrom21On) {
  const Properties expected = {
      {"fetch.queue.backoff.ms", std::to_string(kFetchQueueBackoffMs)}};
  EXPECT_EQ(fetch_defaults(0x02010000), expected);  // 2.1.0 pre-releases
  EXPECT_EQ(fetch_defaults(0x020100ff), expected);  // 2.1.0
  EXPECT_EQ(fetch_defaults(0x020800ff), expected);  // 2.8.0, Debian 13's
  EXPECT_EQ(fetch_defaults(0x030000ff), expected);
  EXPECT_LT(kFetchQueueBackoffMs, 1000);  // shorter than librdkafka's 1 s
}

TEST(FetchDefaultsTest, TheLinkedLibrdkafkaAcceptsThem) {
  // What the stream thread adds for the librdkafka this process runs on
  // must be settings that librdkafka knows.
  const StatusOr<ConfPtr> conf = make_conf(fetch_defaults(rd_kafka_version()));
  EXPECT_TRUE(conf.ok()) << rd_kafka_version_str() << ": "
                         << conf.status().message();
}

}  // namespace
}  // namespace sluice::kafka
