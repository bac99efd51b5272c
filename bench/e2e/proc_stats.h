// What /proc says about a process (CPU time, resident memory) and about the
// machine (CPU time of all processes).
#ifndef BENCH_E2E_PROC_STATS_H_
#define BENCH_E2E_PROC_STATS_H_

#include <sys/types.h>

#include <optional>

namespace e2e {

struct ProcSample {
  double cpu_seconds = 0;  // utime + stime
  double rss_mb = 0;       // VmRSS
  double hwm_mb = 0;       // VmHWM: peak RSS so far
};

// Reads /proc/<pid>/stat and /proc/<pid>/status; nullopt when the process
// is gone. Thread-safe.
std::optional<ProcSample> sample_process(pid_t pid);

struct MachineCpu {
  double busy_seconds = 0;  // all CPUs, everything but idle and iowait
  double total_seconds = 0;
};

// Reads the "cpu" line of /proc/stat; nullopt when it cannot. Thread-safe.
std::optional<MachineCpu> sample_machine_cpu();

// The share of the machine's CPU time that was busy between two samples,
// in percent; nullopt when no time passed.
std::optional<double> busy_percent(const MachineCpu& from,
                                   const MachineCpu& to);

}  // namespace e2e

#endif  // BENCH_E2E_PROC_STATS_H_
