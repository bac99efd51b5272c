// Task: one instance of a sub-topology for one input partition.
//
// A task owns the processor nodes of its sub-topology, feeds each input
// record to the source for its topic, applies the error policies, and counts
// what happened to every record. It is used by one thread at a time.
#ifndef SLUICE_SRC_RUNTIME_TASK_H_
#define SLUICE_SRC_RUNTIME_TASK_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/topology_data.h"
#include "observe/metrics_registry.h"
#include "runtime/record_sink.h"
#include "sluice/config.h"
#include "sluice/detail/source_sink.h"

namespace sluice {

struct TaskServices {
  const StreamsConfig* config = nullptr;
  RecordSink* sink = nullptr;
  MetricsRegistry* metrics = nullptr;
  std::string thread_id;
};

class Task final : public detail::TaskContext {
 public:
  // Instantiates and initialises the nodes of `subtopology`.
  // Throws TopologyError when the graph cannot be wired.
  Task(const detail::TopologyData& topology, int subtopology,
       std::int32_t partition, TaskServices services);
  ~Task() override;
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  // Processes one input record to completion. Throws StreamsFatalError when
  // the `fail` policy stops processing.
  // REQUIRES: raw.topic is a source topic of this task's sub-topology.
  void process(const detail::RawRecord& raw);

  // Closes the nodes. Idempotent.
  void close();

  int subtopology() const noexcept { return subtopology_; }
  std::int32_t partition() const noexcept { return partition_; }

  // TaskContext
  void on_error(ErrorKind kind, std::string_view node,
                std::exception_ptr error) override;
  void on_dropped(std::string_view node) override;
  void send(const detail::OutgoingRecord& record) override;
  std::string_view application_id() const noexcept override;
  const std::string& task_id() const noexcept override { return id_; }
  std::int64_t stream_time() const noexcept override { return stream_time_; }

 private:
  void dead_letter(ErrorKind kind, std::string_view node,
                   const std::string& message);

  int subtopology_;
  std::int32_t partition_;
  std::string id_;
  TaskServices services_;
  std::vector<std::unique_ptr<detail::ProcessorNodeBase>> nodes_;
  std::map<std::string, detail::SourceNodeBase*, std::less<>> sources_;
  const detail::RawRecord* current_ = nullptr;
  std::int64_t stream_time_ = -1;
  bool closed_ = false;
  Headers dlq_headers_;

  Counter* processed_;
  Counter* dropped_;
  Counter* skipped_;
  Counter* dead_lettered_;
  Counter* produced_;
};

}  // namespace sluice

#endif  // SLUICE_SRC_RUNTIME_TASK_H_
