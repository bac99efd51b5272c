// spawn_logged(): a program started as a child process of a test or a
// benchmark harness, its output going to a log file. Shared by the traffic
// system tests and bench/e2e.
#ifndef TESTS_SUPPORT_CHILD_SPAWN_H_
#define TESTS_SUPPORT_CHILD_SPAWN_H_

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sluice::test_support {

struct SpawnOptions {
  // Added to this process's environment; an entry here wins over one of the
  // same name there.
  std::map<std::string, std::string> env;
  // Whether output is appended to the log; false truncates it first.
  bool append = true;
};

// Starts argv[0] (looked up in PATH when it names no directory) with the
// arguments `argv`, standard input from /dev/null and standard output and
// error to `log`. Returns the child's pid; the caller waits for it.
// REQUIRES: !argv.empty(). Throws std::runtime_error naming the program and
// the reason when it cannot be started. Thread-safe.
pid_t spawn_logged(const std::vector<std::string>& argv,
                   const std::filesystem::path& log,
                   const SpawnOptions& options = {});

}  // namespace sluice::test_support

#endif  // TESTS_SUPPORT_CHILD_SPAWN_H_
