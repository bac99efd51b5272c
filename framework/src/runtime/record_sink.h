// Where a task's output goes: a Kafka producer, or the test driver's topics.
#ifndef SLUICE_SRC_RUNTIME_RECORD_SINK_H_
#define SLUICE_SRC_RUNTIME_RECORD_SINK_H_

#include "sluice/detail/task_context.h"

namespace sluice {

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // Takes a copy of `record` for sending; the views need not outlive the
  // call. Failures to deliver are reported by the sink's owner, not here.
  virtual void send(const detail::OutgoingRecord& record) = 0;
};

}  // namespace sluice

#endif  // SLUICE_SRC_RUNTIME_RECORD_SINK_H_
