// Task: one instance of a sub-topology for one input partition.
//
// A task owns the processor nodes of its sub-topology, feeds each input
// record to the source for its topic, applies the error policies, and counts
// what happened to every record. It is used by one thread at a time.
#ifndef SLUICE_SRC_RUNTIME_TASK_H_
#define SLUICE_SRC_RUNTIME_TASK_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/topology_data.h"
#include "observe/metrics_registry.h"
#include "runtime/burst_log.h"
#include "runtime/record_sink.h"
#include "sluice/config.h"
#include "sluice/detail/source_sink.h"
#include "state/task_store.h"

namespace sluice {

// Opens the byte store behind `spec` for the task `task_id`.
using StoreOpener =
    std::function<StatusOr<std::shared_ptr<state::KeyValueBytesStore>>(
        const detail::StoreSpec& spec, const std::string& task_id,
        std::int32_t partition)>;

struct TaskServices {
  const StreamsConfig* config = nullptr;
  RecordSink* sink = nullptr;
  MetricsRegistry* metrics = nullptr;
  std::string thread_id;
  StoreOpener open_store;
  // Whether stores write changelogs (not in the test driver).
  bool changelogs = true;
  // Whether each node counts its records (process-total in
  // stream-processor-node-metrics, tags thread-id, task-id,
  // processor-node-id). Off in the runtime until every reader of
  // process-total tells the task group from the node group.
  bool node_metrics = false;
  // The cache budget of each of the task's stores: the instance's
  // statestore.cache.max.bytes shared by all its possible store instances
  // (set by the runtime; unset: statestore.cache.max.bytes per store).
  std::optional<std::size_t> store_cache_bytes;
  std::function<std::int64_t()> wall_clock;
  // Called when the task closes, e.g. to stop serving its stores to queries.
  std::function<void(const std::string& task_id)> on_close;
};

// <application.id>-<store>-changelog
std::string changelog_topic(std::string_view application_id,
                            std::string_view store);

class Task final : public detail::TaskContext {
 public:
  // Instantiates the nodes of `subtopology` and opens its stores. Throws
  // TopologyError when the graph cannot be wired and StatusError when a
  // store cannot be opened.
  Task(const detail::TopologyData& topology, int subtopology,
       std::int32_t partition, TaskServices services);

  // Initialises the nodes; call once the stores are restored.
  void initialize();
  // Whether initialize() ran: until then the task may not process, flush
  // or punctuate.
  bool initialized() const noexcept { return initialized_; }
  ~Task() override;
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  // Processes one input record to completion. Throws StreamsFatalError when
  // the `fail` policy stops processing.
  // REQUIRES: raw.topic is a source topic of this task's sub-topology.
  void process(const detail::RawRecord& raw);

  // Closes the nodes. Idempotent.
  void close();

  // Commit, in phases: flush_nodes() forwards cached table updates;
  // log_stores() sends dirty store entries to their changelogs; once the
  // sink confirmed delivery, write_stores() makes them durable locally.
  void flush_nodes();
  void log_stores();
  Status write_stores();
  // Drops uncommitted store writes (after an aborted transaction).
  void discard_store_writes();
  // True when a cache asked for an early commit; cleared by flush_nodes().
  bool commit_requested() const noexcept { return commit_requested_; }
  // Runs wall-clock punctuators that are due at `now_ms`.
  void punctuate_wall_clock(std::int64_t now_ms);

  const std::vector<std::unique_ptr<state::TaskStore>>& stores()
      const noexcept {
    return stores_;
  }

  int subtopology() const noexcept { return subtopology_; }
  std::int32_t partition() const noexcept { return partition_; }

  // TaskContext
  void on_error(ErrorKind kind, std::string_view node,
                std::exception_ptr error) override;
  void on_dropped(std::string_view node) override;
  void send(const detail::OutgoingRecord& record) override;
  detail::StateStoreBase& state_store(std::string_view name) override;
  void on_late(std::string_view node, std::string_view late_topic) override;
  void on_late(std::string_view node,
               const detail::OutgoingRecord& copy) override;
  void request_commit() noexcept override { commit_requested_ = true; }
  void schedule(std::int64_t interval_ms, detail::PunctuationType type,
                std::function<void(std::int64_t)> callback) override;
  std::int64_t wall_clock_ms() const noexcept override;
  std::string_view application_id() const noexcept override;
  const std::string& task_id() const noexcept override { return id_; }
  std::int64_t stream_time() const noexcept override { return stream_time_; }
  void advance_stream_time(std::int64_t timestamp_ms) noexcept override {
    if (timestamp_ms > stream_time_) stream_time_ = timestamp_ms;
  }

 private:
  void dead_letter(ErrorKind kind, std::string_view node,
                   const std::string& message);
  // The input record being processed, bound for `topic` with `headers`.
  // REQUIRES: a record is being processed (current_ is set).
  detail::OutgoingRecord input_to(std::string_view topic,
                                  const Headers* headers) const;
  void open_store(const detail::StoreSpec& spec);

  struct Punctuator {
    std::int64_t interval_ms;
    detail::PunctuationType type;
    std::int64_t next_ms;
    std::function<void(std::int64_t)> callback;
  };
  void run_punctuators(detail::PunctuationType type, std::int64_t now_ms);

  int subtopology_;
  std::int32_t partition_;
  std::string id_;
  TaskServices services_;
  LogContext log_context_;  // views of services_ and id_
  BurstLog skip_log_{"skipped"};
  BurstLog dead_letter_log_{"dead-lettered"};
  std::vector<std::unique_ptr<detail::ProcessorNodeBase>> nodes_;
  std::map<std::string, detail::SourceNodeBase*, std::less<>> sources_;
  // Repartition topics as sinks name them -> as they are on the cluster.
  std::map<std::string, std::string, std::less<>> internal_names_;
  const detail::RawRecord* current_ = nullptr;
  std::int64_t stream_time_ = -1;
  bool initialized_ = false;
  bool closed_ = false;
  bool commit_requested_ = false;
  Headers dlq_headers_;
  std::vector<std::unique_ptr<state::TaskStore>> stores_;
  // The task's share of statestore.cache.max.bytes (its stores' budgets):
  // dirty entries beyond it make the task ask for an early commit, so that
  // the instance's dirty entries stay within the instance's budget.
  std::size_t dirty_budget_ = 0;
  // By store: estimate-num-keys, cache-size-bytes, and flushed-records-total
  // (entries written to the store and its changelog at commits).
  struct StoreMetrics {
    Gauge* keys;
    Gauge* cache_bytes;
    Counter* flushed;
  };
  std::vector<StoreMetrics> store_metrics_;
  std::vector<Punctuator> punctuators_;

  Counter* processed_;
  Counter* dropped_;
  Counter* skipped_;
  Counter* dead_lettered_;
  Counter* produced_;
  Counter* late_;
};

}  // namespace sluice

#endif  // SLUICE_SRC_RUNTIME_TASK_H_
