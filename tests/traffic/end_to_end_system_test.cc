// The traffic app end to end on a real Kafka broker with exactly_once_v2
// (label system; the `kafka` fixture of tests/system starts the broker).
#include <gtest/gtest.h>

#include <cstdlib>

#include "end_to_end.h"

namespace traffic::testing {
namespace {

std::string bootstrap() {
  const char* b = std::getenv("SLUICE_TEST_BOOTSTRAP");
  return b != nullptr ? b : "";
}

TEST(traffic_end_to_end_system, ExactlyOnceV2) {
  if (bootstrap().empty()) GTEST_SKIP() << "SLUICE_TEST_BOOTSTRAP is not set";
  EndToEndOptions options;
  options.bootstrap = bootstrap();
  options.guarantee = "exactly_once_v2";
  run_end_to_end(options);
}

TEST(traffic_end_to_end_system, ExactlyOnceV2TwoThreads) {
  if (bootstrap().empty()) GTEST_SKIP() << "SLUICE_TEST_BOOTSTRAP is not set";
  EndToEndOptions options;
  options.bootstrap = bootstrap();
  options.guarantee = "exactly_once_v2";
  options.threads = 2;
  options.partitions = 6;
  options.rounds = 4;
  options.seed = 13;
  run_end_to_end(options);
}

}  // namespace
}  // namespace traffic::testing
