// The end-to-end check of the traffic app on a Kafka cluster (embedded or
// real): generated readings in, every output topic read back with an
// independent client (read_committed), everything compared with the
// generator's ground truth. Used by the integration and system tests.
#ifndef TESTS_TRAFFIC_END_TO_END_H_
#define TESTS_TRAFFIC_END_TO_END_H_

#include <string>

namespace traffic::testing {

struct EndToEndOptions {
  std::string bootstrap;  // empty: an embedded cluster of this process
  std::string guarantee = "at_least_once";
  int partitions = 4;
  int threads = 1;
  int rounds = 6;  // of 207 readings, plus the closing round
  double fault_share = 0.3;
  double late_share = 0.02;
  unsigned seed = 7;
};

// Runs the app and checks with GoogleTest assertions:
//  * every reading ends in exactly one of the events and DLQ topics, by
//    its traffic.gen.seq header; valid ones flattened exactly as
//    write_reading_json() writes their truth, invalid ones with their
//    original bytes and exactly the generated reason codes in headers;
//  * the processor's counts per reason equal the generated ones;
//  * every closed window equals the aggregate computed from the truth of
//    the readings in it; the late readings are exactly the held-back ones,
//    counted and copied to the late topic;
//  * /metrics passes `promtool check metrics`; /sensors/{id} returns the
//    expected windows of a sensor, 404 for an unknown one; /ready is 200.
void run_end_to_end(const EndToEndOptions& options);

}  // namespace traffic::testing

#endif  // TESTS_TRAFFIC_END_TO_END_H_
