// A consumer at its prefetch bound keeps fetching (label integration, on the
// embedded cluster). The stream thread bounds its queue to 4 MiB; once the
// queue is full librdkafka pauses the partition's fetching for
// fetch.queue.backoff.ms, 1 s by default. The test reaches a 16 KiB bound 50
// times: with librdkafka's default it read 184 of its 400 records in 20 s,
// with kafka::fetch_defaults() all of them in ~5.5 s. The speed itself is
// measured in bench/e2e, not here.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "kafka/client_factory.h"
#include "kafka/fetch_defaults.h"
#include "kafka/rd_handles.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"

namespace sluice::kafka {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(FetchBoundTest, AConsumerAtItsQueueBoundKeepsFetching) {
  constexpr int kBatches = 50;
  constexpr int kPerBatch = 8;
  constexpr int kRecords = kBatches * kPerBatch;
  constexpr std::size_t kValueBytes = 2100;  // a batch: > 16 KiB
  testing::EmbeddedCluster cluster(1);
  ASSERT_TRUE(cluster.create_topic("in", 1).ok());
  // One produce call per batch: each call's records are one record batch.
  for (int b = 0; b < kBatches; ++b) {
    std::vector<testing::Message> batch(kPerBatch);
    for (auto& m : batch) {
      m.value = std::string(kValueBytes, static_cast<char>('a' + b % 26));
    }
    testing::produce(cluster.bootstrap_servers(), "in", batch);
  }

  // Every fetch brings one batch, which fills the 16 KiB queue bound.
  Properties p = {{"bootstrap.servers", cluster.bootstrap_servers()},
                  {"group.id", "fetch-bound-test"},
                  {"enable.auto.commit", "false"},
                  {"enable.partition.eof", "false"},
                  {"queued.max.messages.kbytes", "16"},
                  {"max.partition.fetch.bytes", "16384"},
                  {"fetch.max.bytes", "16384"},
                  {"message.max.bytes", "16384"}};
  for (const auto& [k, v] : fetch_defaults()) p[k] = v;
  StatusOr<ConfPtr> conf = make_conf(p);
  ASSERT_TRUE(conf.ok()) << conf.status().to_string();
  StatusOr<ClientPtr> client = make_client(RD_KAFKA_CONSUMER, std::move(*conf));
  ASSERT_TRUE(client.ok()) << client.status().to_string();
  rd_kafka_t* c = client->get();
  rd_kafka_poll_set_consumer(c);
  PartitionListPtr parts(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(parts.get(), "in", 0)->offset =
      RD_KAFKA_OFFSET_BEGINNING;
  ASSERT_EQ(rd_kafka_assign(c, parts.get()), RD_KAFKA_RESP_ERR_NO_ERROR);

  int consumed = 0;
  const auto started = Clock::now();
  const auto deadline = started + 20s;
  while (consumed < kRecords && Clock::now() < deadline) {
    MessagePtr m(rd_kafka_consumer_poll(c, 100));
    if (!m || m->err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    ASSERT_EQ(m->offset, consumed) << "a record was skipped or repeated";
    ASSERT_EQ(m->len, kValueBytes);
    ++consumed;
  }
  const auto took = Clock::now() - started;
  EXPECT_EQ(consumed, kRecords);
  // 50 refills: with a 1 s pause each, the 20 s deadline above passes with
  // fewer than half of the records read.
  EXPECT_LT(took, 12s) << "took " << std::chrono::duration<double>(took).count()
                       << " s";
  rd_kafka_consumer_close(c);
}

}  // namespace
}  // namespace sluice::kafka
