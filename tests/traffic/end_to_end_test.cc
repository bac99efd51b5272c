// The traffic app end to end on the embedded cluster (label integration).
#include "end_to_end.h"

#include <gtest/gtest.h>

namespace traffic::testing {
namespace {

TEST(traffic_end_to_end, EmbeddedClusterAtLeastOnce) {
  EndToEndOptions options;
  run_end_to_end(options);
}

TEST(traffic_end_to_end, EmbeddedClusterTwoThreadsEightPartitions) {
  EndToEndOptions options;
  options.threads = 2;
  options.partitions = 8;
  options.rounds = 4;
  options.seed = 11;
  run_end_to_end(options);
}

}  // namespace
}  // namespace traffic::testing
