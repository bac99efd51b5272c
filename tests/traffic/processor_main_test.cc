// traffic-processor as a process (label integration): configured by
// environment variables, JSON log lines, HTTP endpoints, SIGTERM shutdown
// with exit code 0, exit code 2 for a bad value.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"

namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

// A child process with its stderr collected line by line.
class Child {
 public:
  Child(const std::vector<std::string>& env,
        const std::vector<std::string>& args) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDERR_FILENO);
      ::close(fds[0]);
      for (const std::string& kv : env) ::putenv(const_cast<char*>(kv.c_str()));
      std::vector<char*> argv = {const_cast<char*>(TRAFFIC_PROCESSOR_BIN)};
      for (const std::string& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(TRAFFIC_PROCESSOR_BIN, argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    reader_ = std::thread([this, fd = fds[0]] {
      std::FILE* in = ::fdopen(fd, "r");
      char line[8192];
      while (std::fgets(line, sizeof line, in) != nullptr) {
        std::lock_guard<std::mutex> lock(mutex_);
        lines_.emplace_back(line);
      }
      std::fclose(in);
    });
  }
  ~Child() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      wait(10s);
    }
    if (reader_.joinable()) reader_.join();
  }

  // The exit code, or -1 if it did not exit within `timeout`.
  int wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(20ms);
    }
    return -1;
  }
  void signal(int sig) { ::kill(pid_, sig); }
  std::vector<std::string> lines() {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }
  void join_reader() {
    if (reader_.joinable()) reader_.join();
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  std::thread reader_;
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

// The port from the "HTTP on 127.0.0.1:<port>" log line, or 0.
int http_port(Child& child) {
  for (int i = 0; i < 600; ++i) {
    for (const std::string& line : child.lines()) {
      const Json j = Json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.contains("message")) continue;
      const std::string message = j["message"];
      const std::size_t at = message.find("HTTP on 127.0.0.1:");
      if (at != std::string::npos) {
        return std::stoi(message.substr(at + 18));
      }
    }
    std::this_thread::sleep_for(50ms);
  }
  return 0;
}

TEST(traffic_processor_main, RunsFromTheEnvironmentAndStopsOnSigterm) {
  sluice::testing::EmbeddedCluster cluster(1);
  // The internal topics too: the mock cluster cannot create topics for
  // another process (no CreateTopics), only through this one's handle.
  for (const char* t :
       {"traffic-raw", "traffic-events", "traffic-dlq", "traffic-aggregates",
        "traffic-processor-test-sensor-readings-repartition",
        "traffic-processor-test-sensor-windows-changelog"}) {
    ASSERT_TRUE(cluster.create_topic(t, 2).ok());
  }
  const std::string state_dir =
      (std::filesystem::temp_directory_path() /
       ("traffic-processor-test-" + std::to_string(::getpid())))
          .string();
  Child child({"KAFKA_BROKERS=" + cluster.bootstrap_servers(),
               "GROUP_ID=traffic-processor-test",
               "PROCESSING_GUARANTEE=at_least_once", "STATE_DIR=" + state_dir,
               "HEALTH_PORT=0", "LOG_FORMAT=json", "COMMIT_INTERVAL=100ms"},
              {"--streams-config", "consumer.fetch.wait.max.ms=10"});
  const int port = http_port(child);
  ASSERT_GT(port, 0) << "no HTTP line in the log";
  httplib::Client http("127.0.0.1", port);
  bool ready = false;
  for (int i = 0; i < 600 && !ready; ++i) {
    auto r = http.Get("/ready");
    ready = r && r->status == 200;
    if (!ready) std::this_thread::sleep_for(100ms);
  }
  if (!ready) {
    for (const std::string& line : child.lines()) ADD_FAILURE() << line;
  }
  ASSERT_TRUE(ready);

  std::vector<sluice::testing::Message> input;
  for (int i = 0; i < 20; ++i) {
    sluice::testing::Message m;
    m.key = "717445";
    m.value =
        i % 4 == 0
            ? "not json"
            : R"({"sensor_id":"717445","timestamp":"2026-11-23T14:00:00Z",)"
              R"("traffic_data":{"speed_mph":50,"volume_vehicles_per_hour":900},)"
              R"("location":{"highway":"I-5","direction":"N","lanes":4},)"
              R"("weather":{"condition":"clear"}})";
    m.timestamp_ms = 1795442401000;
    input.push_back(m);
  }
  sluice::testing::produce(cluster.bootstrap_servers(), "traffic-raw", input);
  Json stats;
  for (int i = 0; i < 600; ++i) {
    auto r = http.Get("/stats");
    ASSERT_TRUE(r);
    stats = Json::parse(r->body);
    if (stats["messagesProcessed"] == 20) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(stats["messagesProcessed"], 20);
  EXPECT_EQ(stats["validMessages"], 15);
  EXPECT_EQ(stats["deadLetterReasons"]["malformed_json"], 5);
  auto health = http.Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(Json::parse(health->body)["status"], "healthy");

  child.signal(SIGTERM);
  EXPECT_EQ(child.wait(60s), 0);
  child.join_reader();
  bool stopped = false;
  for (const std::string& line : child.lines()) {
    const Json j = Json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not a JSON line: " << line;
    if (j.is_discarded()) continue;
    EXPECT_TRUE(j.contains("time") && j.contains("level")) << line;
    if (j.value("message", "").find("stopped") == 0) stopped = true;
  }
  EXPECT_TRUE(stopped);
  std::filesystem::remove_all(state_dir);
}

TEST(traffic_processor_main, SigtermWhileStartingEndsAtOnce) {
  // Nothing listens on port 9: start() would wait for the startup timeout
  // (30 s by default); a SIGTERM must not.
  const std::string state_dir =
      (std::filesystem::temp_directory_path() /
       ("traffic-processor-sigterm-" + std::to_string(::getpid())))
          .string();
  Child child({"KAFKA_BROKERS=127.0.0.1:9", "STATE_DIR=" + state_dir,
               "HEALTH_PORT=0", "LOG_FORMAT=json"},
              {});
  ASSERT_NE(http_port(child), 0);  // up to the start() call
  std::this_thread::sleep_for(300ms);
  const auto signalled = std::chrono::steady_clock::now();
  child.signal(SIGTERM);
  EXPECT_EQ(child.wait(5s), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 3s);
  child.join_reader();
  bool said_why = false;
  for (const std::string& line : child.lines()) {
    said_why = said_why || line.find("while starting") != std::string::npos;
  }
  EXPECT_TRUE(said_why);
  std::filesystem::remove_all(state_dir);
}

TEST(traffic_processor_main, BadValueExitsWithTwo) {
  Child child({"HEALTH_PORT=lots"}, {});
  EXPECT_EQ(child.wait(30s), 2);
  child.join_reader();
  const auto lines = child.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("HEALTH_PORT"), std::string::npos) << lines[0];
}

}  // namespace
