// Where a task's output goes: a Kafka producer, or the test driver's topics.
#ifndef SLUICE_SRC_RUNTIME_RECORD_SINK_H_
#define SLUICE_SRC_RUNTIME_RECORD_SINK_H_

#include <cstdint>
#include <string_view>

#include "sluice/detail/task_context.h"

namespace sluice {

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // Takes a copy of `record` for sending; the views need not outlive the
  // call. Failures to deliver are reported by the sink's owner, not here.
  virtual void send(const detail::OutgoingRecord& record) = 0;
  // The offset of the last record acknowledged in topic/partition, or -1.
  // Used to checkpoint stores against their changelogs.
  virtual std::int64_t last_offset(std::string_view topic,
                                   std::int32_t partition) const = 0;
};

}  // namespace sluice

#endif  // SLUICE_SRC_RUNTIME_RECORD_SINK_H_
