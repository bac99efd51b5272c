// ChildProcess: a program the harness starts with its own environment, its
// output going to a log file, and stops with SIGTERM (then SIGKILL).
#ifndef BENCH_E2E_CHILD_PROCESS_H_
#define BENCH_E2E_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace e2e {

// Not thread-safe. Neither copyable nor movable; the destructor stops the
// process if it still runs.
class ChildProcess {
 public:
  // Starts argv[0] (searched in PATH) with the harness's environment plus
  // `env` (which wins), stdout and stderr appended to `log_path`. Throws
  // std::runtime_error when it cannot be started.
  ChildProcess(const std::vector<std::string>& argv,
               const std::map<std::string, std::string>& env,
               const std::string& log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // True while the process has not exited.
  bool running();
  // The exit status (as from waitpid) once it exited.
  std::optional<int> exit_status() const { return status_; }
  // SIGTERM, waits up to `grace`, then SIGKILL. Returns true when it exited
  // within `grace`.
  bool stop(std::chrono::milliseconds grace);

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// A one-line description of a waitpid status ("exit 1", "signal 9").
std::string describe_status(int status);

}  // namespace e2e

#endif  // BENCH_E2E_CHILD_PROCESS_H_
