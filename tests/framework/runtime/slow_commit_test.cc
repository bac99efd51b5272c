// An at-least-once application whose offset commits the group coordinator
// answers slowly (label integration, embedded cluster): the stream thread
// must go on processing while a commit is in flight, not wait for it.
// librdkafka 2.0.2's synchronous commit can wait until the session times
// out (kafka/offset_committer.h); here each answer takes 5 s, and records
// produced while one is awaited must come out well before it arrives.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "fault_harness.h"
#include "sluice/testing/embedded_cluster.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedCluster;
using Api = EmbeddedCluster::Api;

TEST(SlowCommitTest, ProcessingGoesOnWhileAnOffsetCommitIsAwaited) {
  EmbeddedCluster cluster(1);
  const std::string app = "slow-commit-app";
  ASSERT_TRUE(fault::create_fault_topics(cluster, app, 2).ok());
  const auto state_dir = fault::fresh_state_dir("slow-commit");
  fault::LogCapture logs;
  KafkaStreams streams(
      fault::fault_topology(0),
      fault::fault_config(cluster.bootstrap_servers(), app, state_dir.string(),
                          {{"processing.guarantee", "at_least_once"},
                           {"commit.interval.ms", "100"}}));
  ASSERT_TRUE(streams.start().ok());
  ASSERT_TRUE(streams.wait_for_state(KafkaStreams::State::kRunning, 20s));
  testing::produce(cluster.bootstrap_servers(), "in", fault::numbered(0, 100));
  ASSERT_TRUE(fault::wait_for_outputs(cluster.bootstrap_servers(), 100, 10s)
                  .missing.empty());

  // From now on the coordinator answers three offset commits after 5 s each.
  ASSERT_TRUE(cluster
                  .push_broker_answers(1, Api::kOffsetCommit,
                                       {{0, 5000ms}, {0, 5000ms}, {0, 5000ms}})
                  .ok());
  testing::produce(cluster.bootstrap_servers(), "in",
                   fault::numbered(100, 150));
  std::this_thread::sleep_for(300ms);  // a commit of these is in flight now
  const auto produced = std::chrono::steady_clock::now();
  testing::produce(cluster.bootstrap_servers(), "in",
                   fault::numbered(150, 300));
  const fault::Delivery d =
      fault::wait_for_outputs(cluster.bootstrap_servers(), 300, 10s);
  const auto took = std::chrono::steady_clock::now() - produced;
  EXPECT_TRUE(d.missing.empty()) << d.missing.size() << " outputs missing";
  // Waiting for the commit, the thread would process nothing for ~4.7 s.
  EXPECT_LT(took, 3s) << "the outputs took "
                      << std::chrono::duration<double>(took).count() << " s";

  EXPECT_TRUE(streams.close(60s));
  // Nothing was processed twice: no rebalance, and no commit failed.
  EXPECT_EQ(d.duplicates, 0u);
  EXPECT_TRUE(logs.containing("offset commit failed").empty());
  std::filesystem::remove_all(state_dir);
}

}  // namespace
}  // namespace sluice
