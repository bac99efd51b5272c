// ScaleOutHarness: the traffic app as several traffic-processor processes
// in one consumer group (exactly_once_v2) on a real broker, fed by a
// LiveFeed, and the final exactly-once check of everything they wrote.
// Used by the scale-out and rebalance-storm system tests.
#ifndef TESTS_TRAFFIC_SCALE_OUT_HARNESS_H_
#define TESTS_TRAFFIC_SCALE_OUT_HARNESS_H_

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "live_feed.h"
#include "processor_process.h"

namespace traffic::testing {

struct ScaleOutOptions {
  std::string bootstrap;
  std::string program;  // the traffic-processor executable
  int partitions = 12;  // of every topic
  double records_per_second = 150;
  unsigned seed = 21;
  double fault_share = 0.3;
  // Window grace: longer than all the event time a run sends (at most
  // ~200 min: 207 readings per 5 simulated minutes), so that however long a
  // partition stalls while members come and go, no reading can be late and
  // every window must equal the truth; a late reading here means wrong
  // stream time. (Only the closing round, sent by close_and_drain() once
  // every reading has passed the first stage, goes beyond the grace.) (A 2 h
  // grace, ~33 s of wall time, was not enough for the storm: partitions stalled
  // longer across repeated rebalances, and 41 readings were legitimately late.)
  // Lateness across restarts is tested by StreamTimeIntegrationTest.
  std::chrono::minutes window_grace{360};
  std::chrono::minutes window_retention{420};  // >= size + grace
};

// Not thread-safe.
class ScaleOutHarness {
 public:
  // Creates the topics (unique names) and a work directory.
  ScaleOutHarness(const std::string& name, ScaleOutOptions options);
  ~ScaleOutHarness();

  // The member with this client id (created on first use, not started):
  // its own state directory, health port and log file; the same ones on
  // every restart, so a restart fences its predecessor's transactions.
  ProcessorProcess& member(const std::string& client_id);

  LiveFeed& feed() { return *feed_; }

  // Seconds since the harness was created, for the choreography's log.
  double elapsed() const;
  // Prints "[  12.3 s] what" to stdout.
  void say(const std::string& what) const;

  // Stops the feed, waits until every reading is in events or the DLQ,
  // then sends the closing round and waits until a read_committed reader
  // finds all expected outputs; `timeout` bounds the whole.
  void close_and_drain(std::chrono::seconds timeout);

  // SIGTERMs every running member; each must exit with status 0.
  void stop_all();

  // Reads every output topic back and checks them against the truth:
  // each reading exactly once in events or DLQ, DLQ reasons exact, every
  // closed window equal to the truth and none twice, nothing late. Prints
  // the figures and which member wrote how many events.
  void check_outputs();

  // The tails of the members' logs, for a failure message.
  std::string log_tails(std::size_t lines = 40) const;

 private:
  // Waits until each output topic has at least its expected count; false
  // (with a test failure) at the first one that does not by `deadline`.
  bool wait_for_outputs(
      const std::vector<std::pair<std::string, std::size_t>>& expected,
      std::chrono::steady_clock::time_point deadline,
      std::chrono::seconds timeout) const;

  ScaleOutOptions options_;
  std::string prefix_;
  std::filesystem::path work_dir_;
  std::map<std::string, std::unique_ptr<ProcessorProcess>> members_;
  std::unique_ptr<LiveFeed> feed_;
  std::chrono::steady_clock::time_point begin_;
};

}  // namespace traffic::testing

#endif  // TESTS_TRAFFIC_SCALE_OUT_HARNESS_H_
