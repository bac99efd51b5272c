// The crash tests' application as a separate process, to be killed.
//
//   eos_worker BOOTSTRAP PREFIX GUARANTEE STATE_DIR [DELAY_US]
//
// Runs crash_topology() until SIGTERM (clean close, exit 0) or SIGKILL.
#include <cstdlib>
#include <iostream>

#include "crash_topology.h"

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: eos_worker BOOTSTRAP PREFIX GUARANTEE STATE_DIR "
                 "[DELAY_US]\n";
    return 2;
  }
  const std::string prefix = argv[2];
  auto props = sluice::test::crash_config(argv[1], prefix, argv[3], argv[4]);
  // Static membership: a restarted worker takes its partitions back at once
  // instead of waiting for the killed one's session to expire.
  props["consumer.group.instance.id"] = prefix + "-worker";
  sluice::set_log_level(sluice::LogLevel::kWarn);
  sluice::ShutdownSignal signal;
  sluice::KafkaStreams streams(
      sluice::test::crash_topology(prefix, argc > 5 ? std::atol(argv[5]) : 0),
      sluice::StreamsConfig(props));
  if (auto s = streams.start(); !s.ok()) {
    std::cerr << "eos_worker: " << s.message() << "\n";
    return 1;
  }
  while (!signal.wait_for(std::chrono::milliseconds(200))) {
    if (streams.state() == sluice::KafkaStreams::State::kError) {
      std::cerr << "eos_worker: " << streams.error_message() << "\n";
      return 1;
    }
  }
  return streams.close(std::chrono::seconds(60)) ? 0 : 1;
}
