// The Processor API: the escape hatch of the DSL (KStream::process).
//
// A Processor sees each record whole (key, value, timestamp, headers, source
// topic/partition/offset) and may forward any number of records of its output
// type, to all successors or to one by name. One Processor instance is made
// per task by the supplier, so instances need not be thread-safe.
#ifndef SLUICE_PROCESSOR_H_
#define SLUICE_PROCESSOR_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "sluice/detail/task_context.h"
#include "sluice/record.h"
#include "sluice/state_store.h"

namespace sluice {

// When a punctuation fires: on stream time or on wall-clock time.
using PunctuationType = detail::PunctuationType;

// What a Processor may do besides receiving records.
template <typename KOut, typename VOut>
class ProcessorContext {
 public:
  virtual ~ProcessorContext() = default;
  // Sends `record` to every successor.
  virtual void forward(Record<KOut, VOut> record) = 0;
  // Sends `record` to the successor named `child`. Throws TopologyError when
  // there is no such successor.
  virtual void forward(Record<KOut, VOut> record, std::string_view child) = 0;
  virtual std::string_view application_id() const noexcept = 0;
  // "<subtopology>_<partition>".
  virtual const std::string& task_id() const noexcept = 0;
  // The highest record timestamp seen by this task (ms), or -1.
  virtual std::int64_t stream_time() const noexcept = 0;
  // Calls `callback(time)` every `interval_ms`: of stream time (checked
  // after each record) or of wall-clock time (checked between poll rounds;
  // TopologyTestDriver::advance_wall_clock_time in tests). Call from init().
  virtual void schedule(std::int64_t interval_ms, PunctuationType type,
                        std::function<void(std::int64_t)> callback) = 0;
  // The store `name`, connected with KStream::process(..., {"name"}).
  // Throws TopologyError for a store the processor is not connected to.
  virtual detail::StateStoreBase& state_store(std::string_view name) = 0;
  // A typed view of the key-value store `name`.
  template <typename K, typename V>
  KeyValueStore<K, V> key_value_store(
      std::string_view name, Serde<K> key_serde = default_serde<K>(),
      Serde<V> value_serde = default_serde<V>()) {
    return KeyValueStore<K, V>(state_store(name), std::move(key_serde),
                               std::move(value_serde));
  }
};

template <typename KIn, typename VIn, typename KOut, typename VOut>
class Processor {
 public:
  using KeyIn = KIn;
  using ValueIn = VIn;
  using KeyOut = KOut;
  using ValueOut = VOut;

  virtual ~Processor() = default;
  // Called once before the first record. `context` outlives the processor.
  virtual void init(ProcessorContext<KOut, VOut>& context) { (void)context; }
  // Called for each record. An exception thrown here goes to the processing
  // error policy (errors.h) with the record that caused it.
  virtual void process(Record<KIn, VIn> record) = 0;
  // Called once when the task closes.
  virtual void close() {}
};

}  // namespace sluice

#endif  // SLUICE_PROCESSOR_H_
