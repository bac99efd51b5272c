// Scale-out on a real broker (label system): three traffic-processor
// processes in one group over 12 partitions under exactly_once_v2, while
// the generator runs: start one, add two, kill -9 one, restart it, stop
// another gracefully; then every reading must be found exactly once in the
// events or DLQ topic and every window must equal the truth.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include "scale_out_harness.h"
#include "scale_out_test_util.h"

namespace traffic::testing {
namespace {

using namespace std::chrono_literals;

TEST(traffic_scale_out_system, ThreeProcessesKillOneStopOne) {
  if (test_bootstrap().empty()) {
    GTEST_SKIP() << "SLUICE_TEST_BOOTSTRAP is not set";
  }
  ScaleOutHarness h("traffic-scale", scale_out_options());
  ProcessorProcess& a = h.member("proc-a");
  ProcessorProcess& b = h.member("proc-b");
  ProcessorProcess& c = h.member("proc-c");
  LiveFeed& feed = h.feed();
  // About 10 s of readings at 150/s between the steps.
  constexpr std::uint64_t kStep = 1500;

  ASSERT_TRUE(a.start());
  ASSERT_TRUE(a.wait_ready(60s)) << a.log_tail(40);
  feed.start();
  h.say("proc-a running; feed started");
  ASSERT_TRUE(wait_for_feed(feed, kStep));

  ASSERT_TRUE(b.start());
  ASSERT_TRUE(c.start());
  ASSERT_TRUE(b.wait_ready(60s)) << b.log_tail(40);
  ASSERT_TRUE(c.wait_ready(60s)) << c.log_tail(40);
  h.say("proc-b and proc-c running");
  // Both took partitions over from proc-a and processed readings.
  ASSERT_TRUE(wait_until_processing(b, 60s)) << h.log_tails();
  ASSERT_TRUE(wait_until_processing(c, 60s)) << h.log_tails();
  ASSERT_TRUE(wait_for_feed(feed, feed.sent() + kStep));

  const auto before_kill = b.processed();
  const std::optional<int> killed = b.stop(SIGKILL, 10s);
  ASSERT_TRUE(killed && WIFSIGNALED(*killed));
  h.say("kill -9 proc-b after it processed " +
        std::to_string(before_kill.value_or(0)) + " readings");
  ASSERT_TRUE(wait_for_feed(feed, feed.sent() + kStep));

  ASSERT_TRUE(b.start());
  ASSERT_TRUE(b.wait_ready(60s)) << b.log_tail(40);
  h.say("proc-b restarted with the same client id");
  ASSERT_TRUE(wait_for_feed(feed, feed.sent() + kStep));

  const std::optional<int> stopped = c.stop(SIGTERM, 60s);
  ASSERT_TRUE(stopped) << "proc-c ignored SIGTERM for 60 s\n" << c.log_tail(40);
  EXPECT_TRUE(WIFEXITED(*stopped) && WEXITSTATUS(*stopped) == 0)
      << "wait status " << *stopped << "\n"
      << c.log_tail(40);
  h.say("proc-c stopped gracefully (SIGTERM)");
  ASSERT_TRUE(wait_for_feed(feed, feed.sent() + kStep));

  h.close_and_drain(120s);
  // The restarted proc-b took part again.
  ASSERT_TRUE(wait_until_processing(b, 10s)) << b.log_tail(40);
  h.stop_all();
  h.check_outputs();
}

}  // namespace
}  // namespace traffic::testing
