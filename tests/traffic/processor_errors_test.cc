// Configuration and environment errors of the traffic-processor program,
// run as a child process (label integration): unreachable brokers, missing
// topics, bad values, an unusable state.dir, an HTTP port in use. Each must
// end the process within a bounded time with a non-zero exit code and one
// clear error message naming the problem - never a hang, never a signal.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "child_spawn.h"
#include "sluice/testing/embedded_cluster.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// How long any failure may take to be reported (startup.timeout.ms is set
// to 3 s where brokers are involved).
constexpr auto kBound = 30s;

struct Outcome {
  bool timed_out = false;
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it
  double seconds = 0;
  std::vector<std::string> lines;  // stdout and stderr

  // The lines that report an error: ERROR log lines and the one-line usage
  // errors of a bad configuration ("traffic-processor: ...").
  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const std::string& l : lines) {
      if (l.find(" ERROR ") != std::string::npos ||
          l.rfind("traffic-processor: ", 0) == 0) {
        out.push_back(l);
      }
    }
    return out;
  }
  std::string all() const {
    std::string out;
    for (const std::string& l : lines) out += l + "\n";
    return out;
  }
};

// Runs traffic-processor with `env` added to this process's environment (an
// entry of `env` wins over this process's and over later entries of `env`:
// getenv() returns the first match) and `args`, for at most `limit` (then
// SIGKILL).
Outcome run_processor(const std::vector<std::string>& env,
                      const std::vector<std::string>& args,
                      std::chrono::seconds limit = kBound) {
  const fs::path out_file =
      fs::temp_directory_path() /
      ("processor-errors-" + std::to_string(::getpid()) + ".out");
  // The first entry of a name wins, as getenv() would read `env` first.
  sluice::test_support::SpawnOptions options;
  options.append = false;
  for (const std::string& entry : env) {
    const std::size_t eq = entry.find('=');
    options.env.emplace(entry.substr(0, eq),
                        eq == std::string::npos ? "" : entry.substr(eq + 1));
  }
  std::vector<std::string> argv = {TRAFFIC_PROCESSOR_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto started = std::chrono::steady_clock::now();
  Outcome o;
  pid_t pid = -1;
  try {
    pid = sluice::test_support::spawn_logged(argv, out_file, options);
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what();
    return o;
  }
  int status = 0;
  for (;;) {
    if (::waitpid(pid, &status, WNOHANG) == pid) break;
    if (std::chrono::steady_clock::now() - started > limit) {
      o.timed_out = true;
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  o.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  if (WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
  std::ifstream in(out_file);
  for (std::string line; std::getline(in, line);) o.lines.push_back(line);
  fs::remove(out_file);
  return o;
}

// The outcome the tests require: exit code `code` by itself within the
// bound, and exactly one error line, which contains every one of `words`.
void expect_one_clear_error(const Outcome& o, int code,
                            const std::vector<std::string>& words) {
  EXPECT_FALSE(o.timed_out)
      << "still running after " << kBound.count() << " s:\n"
      << o.all();
  EXPECT_EQ(o.signal, 0) << "ended by signal " << o.signal << ":\n" << o.all();
  EXPECT_EQ(o.exit_code, code) << o.all();
  const auto errors = o.errors();
  ASSERT_EQ(errors.size(), 1u) << o.all();
  for (const std::string& w : words) {
    EXPECT_NE(errors[0].find(w), std::string::npos)
        << "'" << w << "' not in: " << errors[0];
  }
  std::printf("%.1f s, exit %d: %s\n", o.seconds, o.exit_code,
              errors[0].c_str());
}

// A fresh state.dir per test.
class ProcessorErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_dir_ =
        fs::temp_directory_path() /
        ("processor-errors-state-" + std::to_string(::getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(state_dir_);
  }
  void TearDown() override { fs::remove_all(state_dir_); }

  // The environment of a run against `brokers`; `overrides` win.
  std::vector<std::string> env(const std::string& brokers,
                               std::vector<std::string> overrides = {}) const {
    for (std::string kv :
         {"KAFKA_BROKERS=" + brokers, std::string("GROUP_ID=processor-errors"),
          "STATE_DIR=" + state_dir_.string(), std::string("HEALTH_PORT=0"),
          std::string("HTTP_HOST=127.0.0.1"),
          std::string("PROCESSING_GUARANTEE=at_least_once")}) {
      overrides.push_back(std::move(kv));
    }
    return overrides;
  }
  // Every topic the processor needs, internal ones included (the mock
  // cluster creates topics only for the process that hosts it).
  static void create_topics(sluice::testing::EmbeddedCluster& cluster) {
    for (const char* t :
         {"traffic-raw", "traffic-events", "traffic-dlq", "traffic-aggregates",
          "processor-errors-sensor-readings-repartition",
          "processor-errors-sensor-windows-changelog"}) {
      ASSERT_TRUE(cluster.create_topic(t, 2).ok());
    }
  }

  fs::path state_dir_;
};

const std::vector<std::string> kShortStartup = {"--streams-config",
                                                "startup.timeout.ms=3000"};

TEST_F(ProcessorErrorsTest, UnreachableBrokers) {
  expect_one_clear_error(run_processor(env("127.0.0.1:1"), kShortStartup), 1,
                         {"127.0.0.1:1"});
}

TEST_F(ProcessorErrorsTest, BrokerHostThatDoesNotResolve) {
  expect_one_clear_error(
      run_processor(env("no-such-host.invalid:9092"), kShortStartup), 1,
      {"no-such-host.invalid:9092"});
}

TEST_F(ProcessorErrorsTest, MissingInputTopic) {
  sluice::testing::EmbeddedCluster cluster(1);
  ASSERT_TRUE(cluster.create_topic("traffic-events", 2).ok());
  expect_one_clear_error(
      run_processor(env(cluster.bootstrap_servers()), kShortStartup), 1,
      {"traffic-raw", "do not exist"});
}

TEST_F(ProcessorErrorsTest, StateDirUnderARegularFile) {
  sluice::testing::EmbeddedCluster cluster(1);
  create_topics(cluster);
  const fs::path file = state_dir_.string() + "-file";
  std::ofstream(file) << "not a directory";
  const std::string bad = (file / "state").string();
  const Outcome o = run_processor(
      env(cluster.bootstrap_servers(), {"STATE_DIR=" + bad}), kShortStartup);
  fs::remove(file);
  expect_one_clear_error(o, 1, {bad});
}

TEST_F(ProcessorErrorsTest, HttpPortInUse) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string port = std::to_string(ntohs(addr.sin_port));
  const Outcome o =
      run_processor(env("127.0.0.1:1", {"HEALTH_PORT=" + port}), kShortStartup);
  ::close(fd);
  expect_one_clear_error(o, 1, {port});
}

// Bad values: exit code 2 and one line naming the setting.
struct BadValue {
  const char* name;
  std::vector<std::string> env;
  std::vector<std::string> args;
  std::string names;  // what the message must name
};

// Test names and ctest names show the case, not its bytes.
void PrintTo(const BadValue& value, std::ostream* out) { *out << value.name; }

class ProcessorBadValueTest : public ::testing::TestWithParam<BadValue> {};

TEST_P(ProcessorBadValueTest, ExitsWithTwoAndNamesTheSetting) {
  expect_one_clear_error(run_processor(GetParam().env, GetParam().args), 2,
                         {GetParam().names});
}

INSTANTIATE_TEST_SUITE_P(
    Values, ProcessorBadValueTest,
    ::testing::Values(
        BadValue{
            "NoThreads", {"NUM_STREAM_THREADS=0"}, {}, "NUM_STREAM_THREADS"},
        BadValue{"UnknownGuarantee",
                 {"PROCESSING_GUARANTEE=twice"},
                 {},
                 "PROCESSING_GUARANTEE"},
        BadValue{"CommitIntervalNotADuration",
                 {"COMMIT_INTERVAL=soon"},
                 {},
                 "COMMIT_INTERVAL"},
        BadValue{"PortOutOfRange", {"HEALTH_PORT=70000"}, {}, "HEALTH_PORT"},
        BadValue{"ZeroWindow", {"WINDOW_SIZE=0s"}, {}, "WINDOW_SIZE"},
        BadValue{"UnknownStreamsKey",
                 {},
                 {"--streams-config", "no.such.key=1"},
                 "no.such.key"},
        BadValue{"MalformedLibrdkafkaValue",
                 {},
                 {"--streams-config", "consumer.session.timeout.ms=abc"},
                 "session.timeout.ms"},
        BadValue{"MissingConfigFile",
                 {"KAFKA_CONFIG_FILE=/nonexistent/client.properties"},
                 {},
                 "/nonexistent/client.properties"}),
    [](const ::testing::TestParamInfo<BadValue>& param_info) {
      return std::string(param_info.param.name);
    });

}  // namespace
