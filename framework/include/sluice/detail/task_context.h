// INTERNAL. What a task offers its processor nodes: error policies, output,
// drop accounting and task identity. Implemented by the runtime's Task.
#ifndef SLUICE_DETAIL_TASK_CONTEXT_H_
#define SLUICE_DETAIL_TASK_CONTEXT_H_

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/errors.h"
#include "sluice/record.h"

namespace sluice::detail {

// A task's view of one state store: bytes in and out, through the task's
// write-back cache. Reads see the task's own uncommitted writes.
class StateStoreBase {
 public:
  using Visitor =
      std::function<bool(std::string_view key, std::string_view value)>;
  virtual ~StateStoreBase() = default;
  virtual const std::string& name() const noexcept = 0;
  // The value under `key`; the view is valid until the next call on this
  // store.
  virtual std::optional<std::string_view> get(std::string_view key) = 0;
  // Writes `value` under `key`; nullopt deletes.
  virtual void put(std::string_view key,
                   std::optional<std::string_view> value) = 0;
  // Visits [from, to] in bytewise order; return false to stop.
  virtual void range(std::string_view from, std::string_view to,
                     const Visitor& visit) = 0;
  // Deletes the keys in [from, to) without changelog records: for entries
  // that expire, which the changelog topic's time retention removes there
  // (window stores). Reads see the deletion at once; the local store gets
  // it with the next commit, or when the task finishes initializing.
  virtual void expire(std::string_view from, std::string_view to) = 0;
};

enum class PunctuationType { kStreamTime, kWallClockTime };

// A serialized record on its way to a topic.
struct OutgoingRecord {
  std::string_view topic;
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
  std::int64_t timestamp_ms = 0;
  const Headers* headers = nullptr;  // may be null: no headers
  std::int32_t partition = -1;       // -1: by key
};

class TaskContext {
 public:
  virtual ~TaskContext() = default;

  // Applies the error policy for `kind` to the input record being processed,
  // which failed at `node` with `error`. Under the `fail` policy this throws
  // StreamsFatalError; otherwise the record is logged and counted, or
  // dead-lettered, and the call returns.
  virtual void on_error(ErrorKind kind, std::string_view node,
                        std::exception_ptr error) = 0;
  // A record was dropped on purpose at `node` (filter, unmatched split).
  virtual void on_dropped(std::string_view node) = 0;
  // Writes a record to a topic (a sink's output).
  virtual void send(const OutgoingRecord& record) = 0;

  // The store `name` of this task. Throws TopologyError when the node asking
  // was not connected to it.
  virtual StateStoreBase& state_store(std::string_view name) = 0;
  // A record came too late for any open window at `node`: counts it and, if
  // `late_topic` is not empty, copies the input record there unchanged.
  virtual void on_late(std::string_view node, std::string_view late_topic) = 0;
  // As on_late(), but what goes to the late topic (copy.topic) is `copy`,
  // with the late headers added to its own.
  // REQUIRES: copy.topic is not empty.
  virtual void on_late(std::string_view node, const OutgoingRecord& copy) = 0;
  // Asks for a commit as soon as the current record is done (a cache is
  // full).
  virtual void request_commit() noexcept = 0;
  // Calls `callback(time)` every `interval_ms` of stream time (checked after
  // each record) or wall-clock time (checked between poll rounds).
  virtual void schedule(std::int64_t interval_ms, PunctuationType type,
                        std::function<void(std::int64_t)> callback) = 0;
  virtual std::int64_t wall_clock_ms() const noexcept = 0;

  virtual std::string_view application_id() const noexcept = 0;
  // "<subtopology>_<partition>", as in Kafka Streams.
  virtual const std::string& task_id() const noexcept = 0;
  // The highest record timestamp this task has seen (ms), or -1.
  virtual std::int64_t stream_time() const noexcept = 0;
  // Moves stream time forward to `timestamp_ms` if that is later (sources
  // call it with each record's event time before forwarding it).
  virtual void advance_stream_time(std::int64_t timestamp_ms) noexcept = 0;
};

}  // namespace sluice::detail

#endif  // SLUICE_DETAIL_TASK_CONTEXT_H_
