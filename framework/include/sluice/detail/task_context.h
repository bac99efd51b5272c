// INTERNAL. What a task offers its processor nodes: error policies, output,
// drop accounting and task identity. Implemented by the runtime's Task.
#ifndef SLUICE_DETAIL_TASK_CONTEXT_H_
#define SLUICE_DETAIL_TASK_CONTEXT_H_

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/errors.h"
#include "sluice/record.h"

namespace sluice::detail {

// A serialized record on its way to a topic.
struct OutgoingRecord {
  std::string_view topic;
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
  std::int64_t timestamp_ms = 0;
  const Headers* headers = nullptr;  // may be null: no headers
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

  virtual std::string_view application_id() const noexcept = 0;
  // "<subtopology>_<partition>", as in Kafka Streams.
  virtual const std::string& task_id() const noexcept = 0;
  // The highest record timestamp this task has seen (ms), or -1.
  virtual std::int64_t stream_time() const noexcept = 0;
};

}  // namespace sluice::detail

#endif  // SLUICE_DETAIL_TASK_CONTEXT_H_
