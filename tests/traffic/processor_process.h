// ProcessorProcess: one traffic-processor program as a child process of a
// test, with its stdout and stderr appended to a log file, for the
// multi-process system tests (scale-out, rebalance storm).
#ifndef TESTS_TRAFFIC_PROCESSOR_PROCESS_H_
#define TESTS_TRAFFIC_PROCESSOR_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace traffic::testing {

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();

// Not thread-safe. The destructor SIGKILLs a child still running.
class ProcessorProcess {
 public:
  // `program` is the traffic-processor executable, `args` its arguments;
  // `name` labels messages; output goes to `log` (appended, across
  // restarts). `health_port` must be the --health-port in `args`.
  ProcessorProcess(std::string name, std::string program,
                   std::vector<std::string> args, std::filesystem::path log,
                   int health_port);
  ~ProcessorProcess();
  ProcessorProcess(const ProcessorProcess&) = delete;
  ProcessorProcess& operator=(const ProcessorProcess&) = delete;

  // Starts the program. REQUIRES: not running. Returns false if it could
  // not be spawned.
  bool start();

  // Waits until GET /ready answers 200 (the instance is RUNNING). Returns
  // false on timeout or if the child exited.
  bool wait_ready(std::chrono::milliseconds timeout);

  // GET /stats "messagesProcessed", or nullopt if it does not answer.
  std::optional<std::uint64_t> processed() const;

  // Sends `signo` and waits up to `timeout` for the exit; SIGKILLs it after
  // that. Returns the wait status (see waitpid), or nullopt if it had to be
  // killed after the timeout. REQUIRES: running.
  std::optional<int> stop(int signo, std::chrono::milliseconds timeout);

  // Whether the child runs (reaps it if it exited).
  bool running();

  // How many lines of the log contain `text`.
  std::size_t count_in_log(const std::string& text) const;

  // The last `lines` lines of the log.
  std::string log_tail(std::size_t lines) const;

  const std::string& name() const { return name_; }
  int health_port() const { return health_port_; }
  int starts() const { return starts_; }

 private:
  std::string name_;
  std::string program_;
  std::vector<std::string> args_;
  std::filesystem::path log_;
  int health_port_;
  pid_t pid_ = -1;
  int starts_ = 0;
};

}  // namespace traffic::testing

#endif  // TESTS_TRAFFIC_PROCESSOR_PROCESS_H_
