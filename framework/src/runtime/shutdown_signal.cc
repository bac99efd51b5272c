#include "sluice/shutdown_signal.h"

#include <atomic>
#include <csignal>
#include <thread>

namespace sluice {
namespace {

// Only lock-free atomics are touched by the handler (async-signal-safe).
std::atomic<int> g_signal{0};
std::atomic<bool> g_requested{false};
struct sigaction g_old_int {};
struct sigaction g_old_term {};

extern "C" void on_signal(int signo) {
  g_signal.store(signo);
  g_requested.store(true);
}

}  // namespace

ShutdownSignal::ShutdownSignal() {
  g_requested.store(false);
  g_signal.store(0);
  struct sigaction action {};
  action.sa_handler = &on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_old_int);
  sigaction(SIGTERM, &action, &g_old_term);
}

ShutdownSignal::~ShutdownSignal() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

bool ShutdownSignal::requested() const noexcept { return g_requested.load(); }

void ShutdownSignal::wait() const {
  while (!requested())
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

bool ShutdownSignal::wait_for(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!requested() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return requested();
}

void ShutdownSignal::request() noexcept { g_requested.store(true); }

int ShutdownSignal::signal_number() const noexcept { return g_signal.load(); }

}  // namespace sluice
