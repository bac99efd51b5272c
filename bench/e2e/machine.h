// A description of the machine the benchmark ran on.
#ifndef BENCH_E2E_MACHINE_H_
#define BENCH_E2E_MACHINE_H_

#include <string>

namespace e2e {

struct Machine {
  std::string cpu_model;  // /proc/cpuinfo "model name"
  int cores = 0;          // online logical CPUs
  double ram_gb = 0;      // MemTotal
  std::string kernel;     // uname -sr
  std::string broker;     // as the caller describes it
  std::string librdkafka;
  double load_average = 0;  // 1-minute load when the run started
};

// Reads /proc and uname. `broker` is passed through.
Machine describe_machine(const std::string& broker);

}  // namespace e2e

#endif  // BENCH_E2E_MACHINE_H_
