// Error policies and the exceptions the framework throws at its edges.
//
// Three kinds of record-level failure are handed to a policy:
//   - deserialization: a source's serde threw SerdeError;
//   - processing: a user callable (map, filter, a Processor...) threw;
//   - serialization: a sink's serde threw.
// Policies (StreamsConfig keys default.deserialization.exception.handler and
// processing.exception.handler):
//   - fail: the stream thread stops and the instance goes to ERROR, with a
//     log line naming the node, the exception and the record's position;
//   - log_and_continue: the record is skipped, logged and counted;
//   - dead_letter: the ORIGINAL key and value bytes of the input record go to
//     errors.dead.letter.queue.topic.name untouched, with headers giving the
//     reason, exception text, node, and source topic/partition/offset and
//     timestamp (see kDlqHeader* below); then processing continues.
// Nothing is dropped silently: each outcome is counted in the metrics.
#ifndef SLUICE_ERRORS_H_
#define SLUICE_ERRORS_H_

#include <stdexcept>
#include <string>
#include <string_view>

namespace sluice {

enum class ErrorPolicy { kFail, kLogAndContinue, kDeadLetter };

// "fail", "log_and_continue" or "dead_letter".
std::string_view error_policy_name(ErrorPolicy policy) noexcept;

// Which stage failed.
enum class ErrorKind { kDeserialization, kProcessing, kSerialization };

// "deserialization_error", "processing_error" or "serialization_error".
std::string_view error_kind_name(ErrorKind kind) noexcept;

// Headers written on every dead-lettered record.
inline constexpr std::string_view kDlqHeaderReason = "sluice.error.reason";
inline constexpr std::string_view kDlqHeaderMessage = "sluice.error.message";
inline constexpr std::string_view kDlqHeaderNode = "sluice.error.node";
inline constexpr std::string_view kDlqHeaderTopic = "sluice.error.topic";
inline constexpr std::string_view kDlqHeaderPartition =
    "sluice.error.partition";
inline constexpr std::string_view kDlqHeaderOffset = "sluice.error.offset";
inline constexpr std::string_view kDlqHeaderTimestamp =
    "sluice.error.timestamp";

// A configuration key or value is unknown or malformed. what() names the key.
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The DSL was misused (e.g. a duplicate name). what() names the node.
class TopologyError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Thrown inside a stream thread when the `fail` policy stops processing.
// Users see its message in the log and through KafkaStreams::state()==ERROR.
class StreamsFatalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace sluice

#endif  // SLUICE_ERRORS_H_
