// ProducerSink on the embedded cluster (label integration): the topic-level
// producer properties reach every topic it writes, and the transaction
// outcomes: what kAborted and kUnusable promise the stream thread. The
// mock does not isolate transactions, so nothing here is about visibility
// (the system tests on a real broker are); it is about the producer's state
// after each outcome.
#include "kafka/producer_sink.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "sluice/testing/embedded_cluster.h"

namespace sluice::kafka {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedCluster;

constexpr int kMessageTooLarge = 10;  // a permanent produce error

class ProducerSinkTransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.create_topic("out", 1).ok());
    auto sink = ProducerSink::create({
        {"bootstrap.servers", cluster_.bootstrap_servers()},
        {"transactional.id", "producer-sink-test"},
        {"transaction.timeout.ms", "60000"},
        {"linger.ms", "0"},
    });
    ASSERT_TRUE(sink.ok()) << sink.status().to_string();
    sink_ = std::move(*sink);
    ASSERT_TRUE(sink_->init_transactions(10s).ok());
  }

  void send(std::string_view value) {
    detail::OutgoingRecord record;
    record.topic = "out";
    record.value = value;
    sink_->send(record);
  }

  // Makes the next transaction fail so that it must be aborted, and delays
  // the coordinator's answer to the abort by `abort_rtt`.
  void fail_next_transaction(std::chrono::milliseconds abort_rtt) {
    cluster_.push_request_errors(EmbeddedCluster::Api::kProduce,
                                 {kMessageTooLarge});
    ASSERT_TRUE(cluster_
                    .push_broker_answers(1, EmbeddedCluster::Api::kEndTxn,
                                         {{0, abort_rtt}})
                    .ok());
  }

  EmbeddedCluster cluster_{1};
  std::unique_ptr<ProducerSink> sink_;
};

TEST_F(ProducerSinkTransactionTest, AbortedMeansTheNextTransactionCanCommit) {
  fail_next_transaction(300ms);
  send("lost with its transaction");
  const ProducerSink::TxnResult failed =
      sink_->commit_transaction(nullptr, nullptr, 10s);
  ASSERT_EQ(failed.outcome, ProducerSink::TxnOutcome::kAborted)
      << failed.message;
  EXPECT_FALSE(sink_->in_transaction());
  EXPECT_FALSE(sink_->unusable());

  // The next transaction begins (librdkafka refuses begin_transaction
  // while an abort is still under way: send() would throw).
  EXPECT_NO_THROW(send("in the next transaction"));
  EXPECT_TRUE(sink_->in_transaction());
  // The mock does not reset its sequence numbers on the epoch bump that
  // follows a failed delivery, so it answers the first transaction after it
  // with "skipped sequence numbers", which aborts too (a real broker does
  // not). Every outcome must leave the producer usable, and the second
  // transaction must commit.
  ProducerSink::TxnResult next =
      sink_->commit_transaction(nullptr, nullptr, 10s);
  if (next.outcome == ProducerSink::TxnOutcome::kAborted) {
    send("in the transaction after that");
    next = sink_->commit_transaction(nullptr, nullptr, 10s);
  }
  EXPECT_EQ(next.outcome, ProducerSink::TxnOutcome::kCommitted) << next.message;
  EXPECT_FALSE(sink_->unusable());
}

TEST_F(ProducerSinkTransactionTest,
       AnAbortThatDoesNotCompleteLeavesTheProducerUnusable) {
  // The abort is answered only after the commit's whole budget: librdkafka
  // is still aborting when the call returns, so no next transaction could
  // begin. That must not be reported as kAborted.
  fail_next_transaction(3000ms);
  send("lost with its transaction");
  const ProducerSink::TxnResult failed =
      sink_->commit_transaction(nullptr, nullptr, 1000ms);
  EXPECT_EQ(failed.outcome, ProducerSink::TxnOutcome::kUnusable)
      << failed.message;
  EXPECT_TRUE(sink_->unusable());
  EXPECT_EQ(sink_->commit_transaction(nullptr, nullptr, 1000ms).outcome,
            ProducerSink::TxnOutcome::kUnusable);
}

// message.timeout.ms is a topic-level property: set on the producer, it
// must hold for every topic the sink opens (a sink that gave its topic
// handles a fresh configuration waited librdkafka's default 300 s here).
TEST(ProducerSinkTopicTest, TopicLevelProducerPropertiesReachEveryTopic) {
  EmbeddedCluster cluster{1};
  ASSERT_TRUE(cluster.create_topic("unreachable", 1).ok());
  auto sink = ProducerSink::create({
      {"bootstrap.servers", cluster.bootstrap_servers()},
      {"message.timeout.ms", "300"},
      {"linger.ms", "0"},
  });
  ASSERT_TRUE(sink.ok()) << sink.status().to_string();
  ASSERT_TRUE(cluster.set_broker_down(1, true).ok());
  detail::OutgoingRecord record;
  record.topic = "unreachable";
  record.value = "v";
  (*sink)->send(record);
  const Status flushed = (*sink)->flush(5s);
  EXPECT_EQ(flushed.code(), StatusCode::kFatal) << flushed.to_string();
  EXPECT_NE(flushed.message().find("timed out"), std::string::npos)
      << flushed.to_string();
}

}  // namespace
}  // namespace sluice::kafka
