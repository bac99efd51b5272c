// Restoring a task's stores from their changelogs before it processes.
//
// Reads a store's changelog partition (read_committed) from the offset the
// store recorded with its last durable batch to the end, writing batches of
// entries with their offsets, so an interrupted restore resumes where it
// stopped. A clean close leaves nothing to replay; a crash replays the tail;
// an empty state.dir replays everything.
//
// Thread-safety: one per stream thread.
#ifndef SLUICE_SRC_RUNTIME_CHANGELOG_RESTORER_H_
#define SLUICE_SRC_RUNTIME_CHANGELOG_RESTORER_H_

#include <chrono>
#include <string>

#include "kafka/rd_handles.h"
#include "observe/metrics_registry.h"
#include "sluice/config.h"
#include "state/task_store.h"

namespace sluice {

class ChangelogRestorer {
 public:
  ChangelogRestorer(const StreamsConfig& config, std::string thread_name,
                    MetricsRegistry& metrics);

  // Creates the restore consumer (no group, assign only).
  Status init();

  // Brings `store` up to the end of its changelog partition.
  Status restore(state::TaskStore& store);

 private:
  const StreamsConfig& config_;
  std::string name_;
  Counter* restored_;
  Gauge* last_restore_ms_;
  kafka::ClientPtr consumer_;
};

}  // namespace sluice

#endif  // SLUICE_SRC_RUNTIME_CHANGELOG_RESTORER_H_
