// What a dead-lettered reading carries besides its original bytes.
//
// A reading that fails validation goes to the DLQ topic with its original
// key and value untouched and these headers appended after the input's own:
//
//   traffic.reasons           the reason codes, comma-separated, in
//                             ReasonSet order ("malformed_json",
//                             "missing_field:location.lanes,invalid_direction")
//   traffic.error             a JSON envelope, see write_error_envelope()
//   traffic.source.topic      where the reading was read from
//   traffic.source.partition
//   traffic.source.offset
//   traffic.source.timestamp  its record timestamp, epoch ms
//
// The value cannot hold the envelope (it must stay byte for byte what was
// read), so the envelope is a header.
//
// One exception keeps one record from stopping the app: a value longer than
// kMaxDeadLetterValueBytes (it is too_large anyway) would, with the headers,
// exceed what the brokers accept (1 MB by default). Its DLQ copy carries its
// first kMaxDeadLetterValueBytes bytes and the header
//   traffic.truncated         the original value's length in bytes
// the whole record stays in the input topic at traffic.source.*.

#ifndef TRAFFIC_DEAD_LETTER_H_
#define TRAFFIC_DEAD_LETTER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sluice/record.h"
#include "traffic/core/reason_set.h"

namespace traffic {

inline constexpr std::string_view kReasonsHeader = "traffic.reasons";
inline constexpr std::string_view kErrorHeader = "traffic.error";
inline constexpr std::string_view kSourceTopicHeader = "traffic.source.topic";
inline constexpr std::string_view kSourcePartitionHeader =
    "traffic.source.partition";
inline constexpr std::string_view kSourceOffsetHeader = "traffic.source.offset";
inline constexpr std::string_view kSourceTimestampHeader =
    "traffic.source.timestamp";
inline constexpr std::string_view kTruncatedHeader = "traffic.truncated";
inline constexpr std::size_t kMaxDeadLetterValueBytes = std::size_t{512} << 10;

// The facts about one rejected input record.
struct DeadLetterFacts {
  std::string_view topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  std::int64_t timestamp_ms = 0;  // the input record's timestamp
  bool key_null = false;          // the input had no key
  bool value_null = false;        // the input was a tombstone
  std::size_t value_bytes = 0;
  std::string_view processor_id;
  std::int64_t processed_at_ms = 0;  // wall clock, epoch ms
};

// Replaces *out with the envelope, members in this order:
//   {"reasons":["<code>",...],
//    "source":{"topic":"traffic-raw","partition":2,"offset":1041,
//              "timestamp":"2026-11-28T14:00:01.020Z"},
//    "original":{"key_null":false,"value_null":false,"value_bytes":312},
//    "processor_id":"stream-processor-client",
//    "processed_at":"2026-11-28T14:00:01.101Z"}
// REQUIRES: !reasons.empty(), out not null. Thread-safe.
void write_error_envelope(const ReasonSet& reasons,
                          const DeadLetterFacts& facts, std::string* out);

// Appends the headers listed in the file comment to *headers.
// REQUIRES: !reasons.empty(), headers not null. Thread-safe.
void add_dead_letter_headers(const ReasonSet& reasons,
                             const DeadLetterFacts& facts,
                             sluice::Headers* headers);

}  // namespace traffic

#endif  // TRAFFIC_DEAD_LETTER_H_
