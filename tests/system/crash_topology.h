// The stateful application of the crash and fencing tests, shared by the
// eos_worker program and the in-process tests.
#ifndef SLUICE_TESTS_SYSTEM_CRASH_TOPOLOGY_H_
#define SLUICE_TESTS_SYSTEM_CRASH_TOPOLOGY_H_

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "sluice/sluice.h"

namespace sluice::test {

// Reads <prefix>-in (string key, int64 value; other bytes are dead-lettered
// to <prefix>-dlq); writes value*2 of values not divisible by 3 to
// <prefix>-passed, per-key counts to <prefix>-counts and per-key sums to
// <prefix>-sums. `delay_us` slows each record down so that kills land in the
// middle of the work; `hook` (if set) runs on each value and may throw.
inline Topology crash_topology(const std::string& prefix, long delay_us = 0,
                               std::function<void(std::int64_t)> hook = {}) {
  const auto produced = Produced::with(Serdes::string(), Serdes::int64());
  StreamsBuilder b;
  auto in =
      b.stream(prefix + "-in",
               Consumed::with(Serdes::string(), Serdes::int64()))
          .peek([delay_us, hook](const std::string&, std::int64_t v) {
            if (delay_us > 0)
              std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
            if (hook) hook(v);
          });
  in.filter([](const std::string&, std::int64_t v) { return v % 3 != 0; })
      .map_values([](std::int64_t v) { return v * 2; })
      .to(prefix + "-passed", produced);
  in.group_by_key()
      .count(Materialized::as("counts"))
      .to_stream()
      .to(prefix + "-counts", produced);
  in.group_by_key()
      .aggregate([] { return std::int64_t{0}; },
                 [](const std::string&, std::int64_t v, std::int64_t sum) {
                   return sum + v;
                 },
                 Materialized::as("sums"), Serdes::int64())
      .to_stream()
      .to(prefix + "-sums", produced);
  return b.build().value();
}

inline StreamsConfig::Properties crash_config(const std::string& bootstrap,
                                              const std::string& prefix,
                                              const std::string& guarantee,
                                              const std::string& state_dir) {
  return {
      {"application.id", prefix + "-app"},
      {"bootstrap.servers", bootstrap},
      {"processing.guarantee", guarantee},
      {"state.dir", state_dir},
      {"instance.id", "worker"},
      {"commit.interval.ms", guarantee == "exactly_once_v2" ? "100" : "2000"},
      {"default.deserialization.exception.handler", "dead_letter"},
      {"errors.dead.letter.queue.topic.name", prefix + "-dlq"},
      {"consumer.session.timeout.ms", "6000"}};
}

}  // namespace sluice::test

#endif  // SLUICE_TESTS_SYSTEM_CRASH_TOPOLOGY_H_
