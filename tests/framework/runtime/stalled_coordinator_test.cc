// An exactly-once application whose group coordinator stops answering while
// the stream thread reads the committed offsets (label integration,
// embedded cluster, ~90 s). The first OffsetFetch is answered only after
// 150 s, and the answers queued behind it on that connection wait with it,
// as on a connection a broker restart left stalled. librdkafka fails the
// request after socket.timeout.ms (80 s here) and reconnects; the thread
// must still be waiting then and read the offsets on the new connection,
// not give up and take the application to ERROR. Until now it gave up after
// a fixed 60 s (system.broker_restart failed once that way on a real
// broker: 60 s of "Local: Timed out", then ERROR). session.timeout.ms is
// long enough that the heartbeats queued behind the OffsetFetch do not time
// out first and break the stall early (the heartbeats of a consumer that
// has lost its session, as in that failure, are not sent at all).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "fault_harness.h"
#include "sluice/testing/embedded_cluster.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedCluster;
using Api = EmbeddedCluster::Api;

TEST(StalledCoordinatorTest, CommittedOffsetsAreReadAfterARequestTimeout) {
  EmbeddedCluster cluster(1);
  const std::string app = "stalled-coordinator-app";
  ASSERT_TRUE(fault::create_fault_topics(cluster, app, 2).ok());
  testing::produce(cluster.bootstrap_servers(), "in", fault::numbered(0, 200));
  // The next OffsetFetch, the stream thread's at its first assignment, is
  // answered after 150 s.
  ASSERT_TRUE(
      cluster.push_broker_answers(1, Api::kOffsetFetch, {{0, 150'000ms}}).ok());

  const auto state_dir = fault::fresh_state_dir("stalled-coordinator");
  fault::LogCapture logs;
  KafkaStreams streams(
      fault::fault_topology(0),
      fault::fault_config(cluster.bootstrap_servers(), app, state_dir.string(),
                          {{"processing.guarantee", "exactly_once_v2"},
                           {"consumer.socket.timeout.ms", "80000"},
                           {"consumer.session.timeout.ms", "150000"}}));
  std::atomic<int> errors{0};
  streams.set_state_listener([&errors](KafkaStreams::State now, auto) {
    if (now == KafkaStreams::State::kError) ++errors;
  });
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(streams.start().ok());

  const fault::Delivery d =
      fault::wait_for_outputs(cluster.bootstrap_servers(), 200, 150s);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  std::printf("all outputs after %.1f s\n", took);
  EXPECT_TRUE(d.missing.empty())
      << d.missing.size() << " outputs missing after " << took << " s; "
      << streams.error_message();
  EXPECT_EQ(errors.load(), 0) << streams.error_message();
  // The stall was there: the outputs waited for librdkafka's request timeout
  // (80 s), and the thread said why it was waiting.
  EXPECT_GE(took, 75.0);
  EXPECT_FALSE(logs.containing("committed offsets still not readable").empty());
  EXPECT_TRUE(streams.close(60s));
  std::filesystem::remove_all(state_dir);
}

}  // namespace
}  // namespace sluice
