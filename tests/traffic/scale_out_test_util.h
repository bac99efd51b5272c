// Small helpers of the multi-process system tests.
#ifndef TESTS_TRAFFIC_SCALE_OUT_TEST_UTIL_H_
#define TESTS_TRAFFIC_SCALE_OUT_TEST_UTIL_H_

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>

#include "scale_out_harness.h"

namespace traffic::testing {

// The broker of the `kafka` fixture, or "" if SLUICE_TEST_BOOTSTRAP is not
// set.
inline std::string test_bootstrap() {
  const char* b = std::getenv("SLUICE_TEST_BOOTSTRAP");
  return b != nullptr ? b : "";
}

// The harness options of the system tests: this build's traffic-processor.
inline ScaleOutOptions scale_out_options() {
  ScaleOutOptions options;
  options.bootstrap = test_bootstrap();
  options.program = TRAFFIC_PROCESSOR_BIN;
  return options;
}

// Waits until the feed sent `n` records (false after 5 minutes).
inline bool wait_for_feed(const LiveFeed& feed, std::uint64_t n) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (feed.sent() < n) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// Waits until the member's /stats counts a processed reading.
inline bool wait_until_processing(const ProcessorProcess& p,
                                  std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (p.processed().value_or(0) > 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

}  // namespace traffic::testing

#endif  // TESTS_TRAFFIC_SCALE_OUT_TEST_UTIL_H_
