// Restoring tasks' stores from their changelogs before the tasks process.
//
// Reads a store's changelog partition (read_committed) from the offset the
// store recorded with its last durable batch to the end, writing batches of
// entries with their offsets, so an interrupted restore resumes where it
// stopped. A clean close leaves nothing to replay; a crash replays the tail;
// an empty state.dir replays everything.
//
// Restoring is incremental: the stream thread queues stores with enqueue()
// and calls restore_some() between polls of its main consumer, so a long
// restore neither blocks the rebalance callback nor exceeds
// max.poll.interval.ms, and the thread's other tasks keep processing.
//
// Thread-safety: one per stream thread, used by that thread only.
#ifndef SLUICE_SRC_RUNTIME_CHANGELOG_RESTORER_H_
#define SLUICE_SRC_RUNTIME_CHANGELOG_RESTORER_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "kafka/rd_handles.h"
#include "observe/metrics_registry.h"
#include "sluice/config.h"
#include "sluice/log.h"
#include "state/task_store.h"

namespace sluice {

class ChangelogRestorer {
 public:
  ChangelogRestorer(const StreamsConfig& config, std::string thread_name,
                    MetricsRegistry& metrics);
  ~ChangelogRestorer();
  ChangelogRestorer(const ChangelogRestorer&) = delete;
  ChangelogRestorer& operator=(const ChangelogRestorer&) = delete;

  // Creates the restore consumer (no group, assign only).
  Status init();

  // Queues `store` to be brought up to the end of its changelog partition.
  // `store` must outlive its restore or its cancel().
  void enqueue(state::TaskStore& store);
  // Forgets `store` (its task was revoked); what was restored so far stays
  // durable and a later restore resumes from there.
  void cancel(const state::TaskStore& store);
  // Whether `store` is queued or being restored.
  bool pending(const state::TaskStore& store) const;
  bool idle() const noexcept { return queue_.empty(); }
  // Restores for up to `budget`. Errors name the store and partition.
  Status restore_some(std::chrono::milliseconds budget);

 private:
  using Clock = std::chrono::steady_clock;
  struct Job {
    explicit Job(state::TaskStore* s) : store(s) {}
    state::TaskStore* store;
    bool started = false;
    std::int64_t next = 0;  // the next changelog offset to apply
    std::int64_t end = 0;   // the changelog's end when the job started
    std::uint64_t count = 0;
    Clock::time_point started_at{};
    Clock::time_point last_progress{};
    Clock::time_point last_record{};
    // When reading the changelog's offsets first failed (no leader yet).
    std::optional<Clock::time_point> first_failure;
    std::vector<state::BytesWrite> batch;
  };

  // Reads the watermarks and the store's offset; assigns the partition.
  // Returns true when there is nothing to restore.
  StatusOr<bool> start(Job& job);
  // Polls once; true when the job reached the end of its changelog.
  StatusOr<bool> poll(Job& job);
  Status flush(Job& job);
  void finish(Job& job);
  void unassign();
  std::string describe(const Job& job) const;

  const StreamsConfig& config_;
  std::string name_;
  const LogContext context_;  // views of config_ and name_
  Counter* restored_;
  Gauge* last_restore_ms_;
  Gauge* remaining_;
  std::deque<Job> queue_;  // front: the job being restored
  kafka::ClientPtr consumer_;
};

}  // namespace sluice

#endif  // SLUICE_SRC_RUNTIME_CHANGELOG_RESTORER_H_
