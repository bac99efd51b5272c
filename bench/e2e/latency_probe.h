// LatencyProbe: end-to-end latency as a downstream reader sees it. A
// read_committed consumer of the output topic, started at its current end,
// takes for every record stamped by ReadingSource the time from the stamp
// (when the reading was handed to the producer) to the record's arrival.
#ifndef BENCH_E2E_LATENCY_PROBE_H_
#define BENCH_E2E_LATENCY_PROBE_H_

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace e2e {

// Thread-safety: the methods are called from one thread; the probe reads
// on a thread of its own. Neither copyable nor movable.
class LatencyProbe {
 public:
  // Starts reading `topic` (partitions 0..partitions-1) from its current
  // end offsets. Throws std::runtime_error when it cannot.
  LatencyProbe(const std::string& bootstrap, const std::string& topic,
               int partitions);
  ~LatencyProbe();
  LatencyProbe(const LatencyProbe&) = delete;
  LatencyProbe& operator=(const LatencyProbe&) = delete;

  // How many stamped records it has seen so far.
  std::size_t seen() const { return seen_.load(); }

  // Stops reading and returns the latencies seen, in milliseconds.
  std::vector<double> stop();

 private:
  void read(const std::string& bootstrap, const std::string& topic,
            int partitions);

  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> seen_{0};
  std::vector<double> latencies_ms_;
  std::string error_;
  std::thread thread_;
};

}  // namespace e2e

#endif  // BENCH_E2E_LATENCY_PROBE_H_
