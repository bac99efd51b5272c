// A rebalance storm on a real broker (label system): four traffic-processor
// processes of one group (exactly_once_v2, 12 partitions) join and leave
// every 3 seconds, two in three gracefully and one by kill -9, while the
// generator runs; afterwards every reading is found exactly once in the
// events or DLQ topic and every window equals the truth.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <thread>
#include <vector>

#include "scale_out_harness.h"
#include "scale_out_test_util.h"

namespace traffic::testing {
namespace {

using namespace std::chrono_literals;

TEST(traffic_rebalance_storm_system, MembersJoinAndLeaveRepeatedly) {
  if (test_bootstrap().empty()) {
    GTEST_SKIP() << "SLUICE_TEST_BOOTSTRAP is not set";
  }
  ScaleOutOptions options = scale_out_options();
  options.seed = 33;
  ScaleOutHarness h("traffic-storm", options);
  std::vector<ProcessorProcess*> members;
  for (const char* id : {"storm-0", "storm-1", "storm-2", "storm-3"}) {
    members.push_back(&h.member(id));
  }
  ASSERT_TRUE(members[0]->start());
  ASSERT_TRUE(members[0]->wait_ready(60s)) << members[0]->log_tail(40);
  h.feed().start();
  h.say("storm-0 running; feed started");

  // Every 3 s for 45 s the next member in turn (0, 1, 2, 3, 0, ...) joins
  // if it does not run, else leaves unless it is the only one running:
  // every third leave by kill -9, the others by SIGTERM. Joins do not wait
  // for the member to be ready (the next change may come while it still
  // joins) and restart a member with the client id it had. So the group
  // swings between one and four members, through every member.
  int joins = 0, leaves = 0, kills = 0;
  const auto end = std::chrono::steady_clock::now() + 45s;
  for (std::size_t step = 1; std::chrono::steady_clock::now() < end; ++step) {
    std::this_thread::sleep_for(3s);
    ProcessorProcess& m = *members[step % members.size()];
    int running = 0;
    for (ProcessorProcess* p : members) running += p->running() ? 1 : 0;
    if (!m.running()) {
      ASSERT_TRUE(m.start());
      ++joins;
      h.say(m.name() + " joins (" + std::to_string(running + 1) + " members)");
    } else if (running > 1 && (leaves + kills) % 3 == 2) {
      const std::optional<int> status = m.stop(SIGKILL, 10s);
      ASSERT_TRUE(status && WIFSIGNALED(*status));
      ++kills;
      h.say("kill -9 " + m.name());
    } else if (running > 1) {
      const std::optional<int> status = m.stop(SIGTERM, 60s);
      ASSERT_TRUE(status) << m.name() << " ignored SIGTERM\n" << m.log_tail(40);
      EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
          << m.name() << " wait status " << *status << "\n"
          << m.log_tail(40);
      ++leaves;
      h.say(m.name() + " leaves (SIGTERM)");
    }
  }
  h.say("storm over: " + std::to_string(joins) + " joins, " +
        std::to_string(leaves) + " graceful leaves, " + std::to_string(kills) +
        " kills");
  EXPECT_GE(joins, 6);
  EXPECT_GE(kills, 2);

  h.close_and_drain(120s);
  h.stop_all();
  h.check_outputs();
}

}  // namespace
}  // namespace traffic::testing
