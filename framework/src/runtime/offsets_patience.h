// How long a stream thread keeps trying to read its group's committed
// offsets before it gives up.
#ifndef SLUICE_SRC_RUNTIME_OFFSETS_PATIENCE_H_
#define SLUICE_SRC_RUNTIME_OFFSETS_PATIENCE_H_

#include <algorithm>
#include <chrono>

namespace sluice::detail {

// The time to keep retrying rd_kafka_committed() for a consumer with
// librdkafka's `socket.timeout.ms` = `request_timeout` and
// `max.poll.interval.ms` = `max_poll_interval`.
//
// A request to the group coordinator that gets no answer (or is never sent,
// e.g. on a connection left half-open by a broker restart) only fails after
// request_timeout, and librdkafka then drops and re-opens the connection: a
// thread that gave up at the first such timeout never saw the retry on the
// new connection. So: two request timeouts and 10 s, at least 60 s. The
// thread does not poll while it waits, so the wait ends 10 s before
// max.poll.interval.ms would make the consumer leave its group (and never
// below 10 s).
inline std::chrono::milliseconds committed_offsets_patience(
    std::chrono::milliseconds request_timeout,
    std::chrono::milliseconds max_poll_interval) {
  using std::chrono::milliseconds;
  const milliseconds wanted = std::max(
      milliseconds(60'000), 2 * request_timeout + milliseconds(10'000));
  const milliseconds ceiling =
      std::max(milliseconds(10'000), max_poll_interval - milliseconds(10'000));
  return std::min(wanted, ceiling);
}

}  // namespace sluice::detail

#endif  // SLUICE_SRC_RUNTIME_OFFSETS_PATIENCE_H_
