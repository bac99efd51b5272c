// What /proc says about a process: CPU time and resident memory.
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

}  // namespace e2e

#endif  // BENCH_E2E_PROC_STATS_H_
