#include "traffic/dead_letter.h"

#include <nlohmann/json.hpp>

#include "traffic/core/iso8601.h"

namespace traffic {

void write_error_envelope(const ReasonSet& reasons,
                          const DeadLetterFacts& facts, std::string* out) {
  // Not a hot path (rejected readings only): clarity over speed.
  nlohmann::ordered_json envelope;
  envelope["reasons"] = reasons.codes();
  envelope["source"] = {
      {"topic", std::string(facts.topic)},
      {"partition", facts.partition},
      {"offset", facts.offset},
      {"timestamp", format_iso8601_ms(facts.timestamp_ms)},
  };
  envelope["original"] = {
      {"key_null", facts.key_null},
      {"value_null", facts.value_null},
      {"value_bytes", facts.value_bytes},
  };
  envelope["processor_id"] = std::string(facts.processor_id);
  envelope["processed_at"] = format_iso8601_ms(facts.processed_at_ms);
  // Invalid UTF-8 cannot occur (codes and ids are ASCII or were validated),
  // but never throw from here: replace rather than fail.
  *out =
      envelope.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void add_dead_letter_headers(const ReasonSet& reasons,
                             const DeadLetterFacts& facts,
                             sluice::Headers* headers) {
  std::string envelope;
  write_error_envelope(reasons, facts, &envelope);
  headers->add(std::string(kReasonsHeader), reasons.to_string());
  headers->add(std::string(kErrorHeader), std::move(envelope));
  headers->add(std::string(kSourceTopicHeader), std::string(facts.topic));
  headers->add(std::string(kSourcePartitionHeader),
               std::to_string(facts.partition));
  headers->add(std::string(kSourceOffsetHeader), std::to_string(facts.offset));
  headers->add(std::string(kSourceTimestampHeader),
               std::to_string(facts.timestamp_ms));
}

}  // namespace traffic
