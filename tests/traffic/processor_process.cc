#include "processor_process.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <deque>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "child_spawn.h"

namespace traffic::testing {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

ProcessorProcess::ProcessorProcess(std::string name, std::string program,
                                   std::vector<std::string> args,
                                   std::filesystem::path log, int health_port)
    : name_(std::move(name)),
      program_(std::move(program)),
      args_(std::move(args)),
      log_(std::move(log)),
      health_port_(health_port) {}

ProcessorProcess::~ProcessorProcess() {
  if (running()) (void)stop(SIGKILL, 10s);
}

bool ProcessorProcess::start() {
  std::vector<std::string> argv = {program_};
  argv.insert(argv.end(), args_.begin(), args_.end());
  {
    std::ofstream(log_, std::ios::app)
        << "==== test: start #" << ++starts_ << " of " << name_ << "\n";
  }
  try {
    pid_ = sluice::test_support::spawn_logged(argv, log_);
  } catch (const std::exception& e) {
    std::ofstream(log_, std::ios::app) << "==== test: " << e.what() << "\n";
    pid_ = -1;
    return false;
  }
  return true;
}

bool ProcessorProcess::wait_ready(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  httplib::Client http("127.0.0.1", health_port_);
  http.set_connection_timeout(1s);
  http.set_read_timeout(2s);
  while (Clock::now() < deadline) {
    if (!running()) return false;
    auto answer = http.Get("/ready");
    if (answer && answer->status == 200) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

std::optional<std::uint64_t> ProcessorProcess::processed() const {
  httplib::Client http("127.0.0.1", health_port_);
  http.set_connection_timeout(1s);
  http.set_read_timeout(2s);
  auto answer = http.Get("/stats");
  if (!answer || answer->status != 200) return std::nullopt;
  const auto body = nlohmann::json::parse(answer->body, nullptr, false);
  if (!body.contains("messagesProcessed")) return std::nullopt;
  return body["messagesProcessed"].get<std::uint64_t>();
}

std::optional<int> ProcessorProcess::stop(int signo,
                                          std::chrono::milliseconds timeout) {
  {
    std::ofstream(log_, std::ios::app)
        << "==== test: signal " << signo << " to " << name_ << "\n";
  }
  ::kill(pid_, signo);
  const auto deadline = Clock::now() + timeout;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
      return std::nullopt;
    }
    std::this_thread::sleep_for(20ms);
  }
  pid_ = -1;
  return status;
}

bool ProcessorProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    std::ofstream(log_, std::ios::app)
        << "==== test: " << name_ << " exited, wait status " << status << "\n";
    pid_ = -1;
    return false;
  }
  return true;
}

std::size_t ProcessorProcess::count_in_log(const std::string& text) const {
  std::ifstream in(log_);
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line)) n += line.find(text) != std::string::npos;
  return n;
}

std::string ProcessorProcess::log_tail(std::size_t lines) const {
  std::ifstream in(log_);
  std::deque<std::string> tail;
  std::string line;
  while (std::getline(in, line)) {
    tail.push_back(std::move(line));
    if (tail.size() > lines) tail.pop_front();
  }
  std::string out;
  for (const std::string& l : tail) out += l + "\n";
  return out;
}

}  // namespace traffic::testing
