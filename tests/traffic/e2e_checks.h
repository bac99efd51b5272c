// The generator's ground truth and the checks of what the traffic app wrote,
// shared by the end-to-end tests (in-process and multi-process). Every check
// reads records that an independent read_committed client fetched
// (sluice::testing::read_topic) and reports with GoogleTest assertions.
#ifndef TESTS_TRAFFIC_E2E_CHECKS_H_
#define TESTS_TRAFFIC_E2E_CHECKS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sluice/testing/test_client.h"
#include "traffic/core/window_aggregate.h"
#include "traffic/reading_feed.h"
#include "traffic/window_result.h"

namespace traffic::testing {

using WindowKey = std::pair<std::string, std::int64_t>;  // sensor, start

// Wall-clock UTC epoch milliseconds.
std::int64_t wall_ms();

// The traffic.gen.seq header of `m` (a failed expectation and ~0 if absent).
std::uint64_t seq_of(const sluice::testing::Message& m);

// What was sent, and what must come out. Feed it every FeedItem sent, in
// any order.
struct Truth {
  std::map<std::uint64_t, FeedItem> items;  // by seq
  std::uint64_t valid = 0;
  std::set<std::uint64_t> delayed;
  std::map<std::string, double> reasons;         // code -> count
  std::map<WindowKey, WindowAggregate> windows;  // closed ones
  std::map<WindowKey, WindowAggregate> open;     // the closing round's
  std::int64_t window_ms = 5 * 60'000;

  void add(const FeedItem& item);
  std::uint64_t sent() const { return items.size(); }
  std::uint64_t invalid() const { return sent() - valid; }
};

// `got` equals the aggregate computed from the truth.
void expect_same(const WindowAggregate& expected, const WindowResult& got,
                 const std::string& what);

// Every record of the events topic is a valid reading of the truth, keyed
// and timestamped as its truth, byte for byte what write_reading_json()
// makes of it at the processed_at it carries, with a processor_id from
// `processor_ids` (the client ids of the instances that may have written it).
void check_events(const std::vector<sluice::testing::Message>& events,
                  const Truth& truth,
                  const std::set<std::string>& processor_ids);

// Every record of the DLQ is an invalid reading of the truth with its
// original key, value and timestamp and exactly its generated reasons.
void check_dead_letters(const std::vector<sluice::testing::Message>& dlq,
                        const Truth& truth, const std::string& input_topic);

// The aggregates topic holds every closed window of the truth exactly once,
// each equal to the aggregate of its readings, and nothing else.
void check_windows(const std::vector<sluice::testing::Message>& aggregates,
                   const Truth& truth);

// Every reading sent came out exactly once in events or DLQ (by seq).
void check_each_reading_once(
    const std::vector<sluice::testing::Message>& events,
    const std::vector<sluice::testing::Message>& dlq, const Truth& truth);

}  // namespace traffic::testing

#endif  // TESTS_TRAFFIC_E2E_CHECKS_H_
