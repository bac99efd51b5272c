// ShutdownSignal: SIGINT/SIGTERM as a flag a program can wait on, for the
// graceful shutdown of stream applications.
//
//   sluice::ShutdownSignal signal;        // installs the handlers
//   streams.start();
//   signal.wait();                        // until SIGINT or SIGTERM
//   streams.close();
//
// Thread-safety: wait(), wait_for() and requested() may be called from any
// thread. Create at most one at a time; the destructor restores the previous
// handlers.
#ifndef SLUICE_SHUTDOWN_SIGNAL_H_
#define SLUICE_SHUTDOWN_SIGNAL_H_

#include <chrono>

namespace sluice {

class ShutdownSignal {
 public:
  ShutdownSignal();
  ~ShutdownSignal();
  ShutdownSignal(const ShutdownSignal&) = delete;
  ShutdownSignal& operator=(const ShutdownSignal&) = delete;

  // True once SIGINT or SIGTERM arrived (or request() was called).
  bool requested() const noexcept;
  // Blocks until requested().
  void wait() const;
  // Blocks until requested() or `timeout`; returns requested().
  bool wait_for(std::chrono::milliseconds timeout) const;
  // Sets the flag as a signal would (for tests and programmatic stops).
  void request() noexcept;
  // The signal that arrived (SIGINT or SIGTERM), or 0.
  int signal_number() const noexcept;
};

}  // namespace sluice

#endif  // SLUICE_SHUTDOWN_SIGNAL_H_
