// FetchWaker (label integration): the bounds it reads, when it wakes, and on
// the embedded cluster that a consumer whose queue bound is reached again
// and again keeps fetching. librdkafka 2.0.2 parks such a consumer's
// fetcher until its broker thread wakes up, after up to 1 s; the last test
// reaches the bound 50 times, so without the wake-ups it takes ~50 s, and
// it must finish in a fraction of that. The speed itself is measured in
// bench/e2e, not here.
#include "kafka/fetch_waker.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "kafka/client_factory.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"

namespace sluice::kafka {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

ConfPtr conf_of(const Properties& properties) {
  StatusOr<ConfPtr> conf = make_conf(properties);
  EXPECT_TRUE(conf.ok()) << conf.status().to_string();
  return conf.ok() ? std::move(*conf) : nullptr;
}

TEST(FetchWakerBoundsTest, AreTheConsumersQueueBounds) {
  ConfPtr conf = conf_of(
      {{"queued.max.messages.kbytes", "2048"}, {"queued.min.messages", "500"}});
  ASSERT_NE(conf, nullptr);
  const FetchWaker::Bounds bounds = FetchWaker::bounds_of(*conf);
  EXPECT_EQ(bounds.queue_bytes, 2048u * 1024);
  EXPECT_EQ(bounds.queue_messages, 500u);
}

TEST(FetchWakerBoundsTest, DefaultToLibrdkafkasWhenUnset) {
  ConfPtr conf = conf_of({});
  ASSERT_NE(conf, nullptr);
  const FetchWaker::Bounds bounds = FetchWaker::bounds_of(*conf);
  EXPECT_EQ(bounds.queue_bytes, 65536u * 1024);
  EXPECT_EQ(bounds.queue_messages, 100000u);
}

class FetchWakerTest : public ::testing::Test {
 protected:
  ClientPtr consumer(const Properties& extra = {}) {
    Properties p = {{"bootstrap.servers", cluster_.bootstrap_servers()},
                    {"group.id", "fetch-waker-test"},
                    {"enable.auto.commit", "false"},
                    {"enable.partition.eof", "false"}};
    for (const auto& [k, v] : extra) p[k] = v;
    StatusOr<ClientPtr> client = make_client(RD_KAFKA_CONSUMER, conf_of(p));
    EXPECT_TRUE(client.ok()) << client.status().to_string();
    if (!client.ok()) return nullptr;
    rd_kafka_poll_set_consumer(client->get());
    return std::move(*client);
  }

  testing::EmbeddedCluster cluster_{1};
};

TEST_F(FetchWakerTest, WakesAfterHalfOfEitherBound) {
  ClientPtr c = consumer();
  ASSERT_NE(c, nullptr);
  FetchWaker waker(c.get(), {1000, 100});
  for (int i = 0; i < 4; ++i) waker.consumed(100);
  EXPECT_EQ(waker.wakeups_requested(), 0u);
  waker.consumed(100);  // 500 bytes: half the byte bound
  EXPECT_EQ(waker.wakeups_requested(), 1u);
  for (int i = 0; i < 49; ++i) waker.consumed(0);
  EXPECT_EQ(waker.wakeups_requested(), 1u);
  waker.consumed(0);  // 50 messages since the last wake-up
  EXPECT_EQ(waker.wakeups_requested(), 2u);
}

TEST_F(FetchWakerTest, WithoutAnAssignmentAWakeUpIsHarmless) {
  ClientPtr c = consumer();
  ASSERT_NE(c, nullptr);
  {
    FetchWaker waker(c.get(), {10, 10});
    waker.consumed(10);
    EXPECT_EQ(waker.wakeups_requested(), 1u);
  }  // joins its helper thread
  SUCCEED();
}

TEST_F(FetchWakerTest, AConsumerAtItsQueueBoundKeepsFetching) {
  constexpr int kBatches = 50;
  constexpr int kPerBatch = 8;
  constexpr int kRecords = kBatches * kPerBatch;
  constexpr std::size_t kValueBytes = 2100;  // a batch: > 16 KiB
  ASSERT_TRUE(cluster_.create_topic("in", 1).ok());
  // One produce call per batch: each call's records are one record batch.
  for (int b = 0; b < kBatches; ++b) {
    std::vector<testing::Message> batch(kPerBatch);
    for (auto& m : batch) {
      m.value = std::string(kValueBytes, static_cast<char>('a' + b % 26));
    }
    testing::produce(cluster_.bootstrap_servers(), "in", batch);
  }

  // Every fetch brings one batch, which fills the 16 KiB queue bound.
  ClientPtr c = consumer({{"queued.max.messages.kbytes", "16"},
                          {"max.partition.fetch.bytes", "16384"},
                          {"fetch.max.bytes", "16384"},
                          {"message.max.bytes", "16384"}});
  ASSERT_NE(c, nullptr);
  PartitionListPtr parts(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(parts.get(), "in", 0)->offset =
      RD_KAFKA_OFFSET_BEGINNING;
  ASSERT_EQ(rd_kafka_assign(c.get(), parts.get()), RD_KAFKA_RESP_ERR_NO_ERROR);

  FetchWaker waker(c.get(), {16 * 1024, 100000});
  int consumed = 0;
  const auto started = Clock::now();
  const auto deadline = started + 20s;
  while (consumed < kRecords && Clock::now() < deadline) {
    MessagePtr m(rd_kafka_consumer_poll(c.get(), 100));
    if (!m || m->err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    ASSERT_EQ(m->offset, consumed) << "a record was skipped or repeated";
    ASSERT_EQ(m->len, kValueBytes);
    waker.consumed(m->len);
    ++consumed;
  }
  const auto took = Clock::now() - started;
  EXPECT_EQ(consumed, kRecords);
  EXPECT_GT(waker.wakeups_sent(), 0u);
  // 50 refills: without the wake-ups each waits for librdkafka's 1 s, and
  // the 20 s deadline above passes with ~20 of the 50 batches read.
  EXPECT_LT(took, 10s) << "took " << std::chrono::duration<double>(took).count()
                       << " s";
  rd_kafka_consumer_close(c.get());
}

}  // namespace
}  // namespace sluice::kafka
