// OffsetCommitter (label integration), on the embedded cluster: a commit
// goes on while the caller does not wait for it, only one is in flight, and
// its outcome (success, the broker's error, or librdkafka's refusal) comes
// back with the offsets it was for.
#include "kafka/offset_committer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "kafka/client_factory.h"
#include "sluice/testing/embedded_cluster.h"

namespace sluice::kafka {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Api = testing::EmbeddedCluster::Api;

class OffsetCommitterTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(cluster_.create_topic("in", 1).ok()); }

  // A consumer assigned "in" [0] in group "committer-test"; without a
  // group, one assigned nothing (librdkafka assigns only in a group).
  ClientPtr consumer(bool with_group = true) {
    Properties p = {{"bootstrap.servers", cluster_.bootstrap_servers()},
                    {"enable.auto.commit", "false"}};
    if (with_group) p["group.id"] = "committer-test";
    StatusOr<ConfPtr> conf = make_conf(p);
    EXPECT_TRUE(conf.ok()) << conf.status().to_string();
    if (!conf.ok()) return nullptr;
    StatusOr<ClientPtr> client =
        make_client(RD_KAFKA_CONSUMER, std::move(*conf));
    EXPECT_TRUE(client.ok()) << client.status().to_string();
    if (!client.ok()) return nullptr;
    if (!with_group) return std::move(*client);
    PartitionListPtr parts(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(parts.get(), "in", 0);
    EXPECT_EQ(rd_kafka_assign(client->get(), parts.get()),
              RD_KAFKA_RESP_ERR_NO_ERROR);
    return std::move(*client);
  }

  static PartitionListPtr at(std::int64_t offset) {
    PartitionListPtr offsets(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(offsets.get(), "in", 0)->offset = offset;
    return offsets;
  }

  // The group's committed offset of "in" [0].
  static std::int64_t committed(rd_kafka_t* c) {
    PartitionListPtr parts = at(RD_KAFKA_OFFSET_INVALID);
    EXPECT_EQ(rd_kafka_committed(c, parts.get(), 10000),
              RD_KAFKA_RESP_ERR_NO_ERROR);
    return parts->elems[0].offset;
  }

  testing::EmbeddedCluster cluster_{1};
};

TEST_F(OffsetCommitterTest, ACommitGoesOnWhileTheCallerDoesNotWait) {
  ClientPtr c = consumer();
  ASSERT_NE(c, nullptr);
  OffsetCommitter committer(c.get());
  // The first commit finds the coordinator.
  ASSERT_TRUE(committer.start(*at(3)));
  std::optional<OffsetCommitter::Outcome> first = committer.collect(10s);
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(first->ok()) << rd_kafka_err2str(first->error);

  // The coordinator answers the next commit after 2 s.
  ASSERT_TRUE(
      cluster_.push_broker_answers(1, Api::kOffsetCommit, {{0, 2000ms}}).ok());
  const auto started = Clock::now();
  ASSERT_TRUE(committer.start(*at(7)));
  EXPECT_LT(Clock::now() - started, 1s) << "start() waited for the broker";
  EXPECT_TRUE(committer.in_flight());
  EXPECT_FALSE(committer.start(*at(9))) << "a second commit while in flight";
  EXPECT_FALSE(committer.collect(0ms).has_value());

  std::optional<OffsetCommitter::Outcome> done = committer.collect(10s);
  ASSERT_TRUE(done.has_value());
  EXPECT_TRUE(done->ok()) << rd_kafka_err2str(done->error);
  EXPECT_GE(done->latency, 1500ms);
  ASSERT_NE(done->offsets, nullptr);
  ASSERT_EQ(done->offsets->cnt, 1);
  EXPECT_EQ(done->offsets->elems[0].offset, 7);
  EXPECT_FALSE(committer.in_flight());
  EXPECT_EQ(committed(c.get()), 7);
}

TEST_F(OffsetCommitterTest, TheBrokersErrorIsTheOutcome) {
  ClientPtr c = consumer();
  ASSERT_NE(c, nullptr);
  OffsetCommitter committer(c.get());
  // 12 OFFSET_METADATA_TOO_LARGE: not retried by librdkafka.
  cluster_.push_request_errors(Api::kOffsetCommit, {12});
  ASSERT_TRUE(committer.start(*at(5)));
  std::optional<OffsetCommitter::Outcome> done = committer.collect(10s);
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->error, RD_KAFKA_RESP_ERR_OFFSET_METADATA_TOO_LARGE);
  EXPECT_FALSE(committer.in_flight());
  // The next commit is sent.
  ASSERT_TRUE(committer.start(*at(5)));
  done = committer.collect(10s);
  ASSERT_TRUE(done.has_value());
  EXPECT_TRUE(done->ok()) << rd_kafka_err2str(done->error);
  EXPECT_EQ(committed(c.get()), 5);
}

TEST_F(OffsetCommitterTest, ACommitLibrdkafkaRefusesEndsAtOnce) {
  ClientPtr c = consumer(/*with_group=*/false);
  ASSERT_NE(c, nullptr);
  OffsetCommitter committer(c.get());
  ASSERT_TRUE(committer.start(*at(5)));
  std::optional<OffsetCommitter::Outcome> done = committer.collect(0ms);
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->error, RD_KAFKA_RESP_ERR__UNKNOWN_GROUP);
  EXPECT_FALSE(committer.in_flight());
}

TEST_F(OffsetCommitterTest, NothingInFlightMeansNothingToCollect) {
  ClientPtr c = consumer();
  ASSERT_NE(c, nullptr);
  OffsetCommitter committer(c.get());
  EXPECT_FALSE(committer.in_flight());
  EXPECT_EQ(committer.age(), Clock::duration::zero());
  EXPECT_FALSE(committer.collect(0ms).has_value());
}

}  // namespace
}  // namespace sluice::kafka
