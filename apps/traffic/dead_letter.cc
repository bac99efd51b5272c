#include "traffic/dead_letter.h"

#include <cstdint>

#include "traffic/core/json_writer.h"
#include "traffic/core/utf8.h"

namespace traffic {

void write_error_envelope(const ReasonSet& reasons,
                          const DeadLetterFacts& facts, std::string* out) {
  // JsonWriter, not nlohmann: with a few percent of faulty readings the
  // envelope was 4% of the processor's CPU (docs/performance.md). Codes are
  // ASCII; the topic and the processor id could be any bytes, and invalid
  // UTF-8 would make the envelope invalid JSON: it becomes U+FFFD, as
  // nlohmann's error_handler_t::replace did.
  std::string topic_scratch;
  std::string id_scratch;
  const std::string_view topic = well_formed_utf8(facts.topic, &topic_scratch);
  const std::string_view processor_id =
      well_formed_utf8(facts.processor_id, &id_scratch);
  out->clear();
  JsonWriter w(out);
  w.begin_object();
  w.key("reasons");
  w.begin_array();
  for (const std::string& code : reasons.codes()) w.string_value(code);
  w.end_array();
  w.key("source");
  w.begin_object();
  w.member("topic", topic);
  w.member("partition", std::int64_t{facts.partition});
  w.member("offset", facts.offset);
  w.timestamp_member("timestamp", facts.timestamp_ms);
  w.end_object();
  w.key("original");
  w.begin_object();
  w.member("key_null", facts.key_null);
  w.member("value_null", facts.value_null);
  w.member("value_bytes", std::uint64_t{facts.value_bytes});
  w.end_object();
  w.member("processor_id", processor_id);
  w.timestamp_member("processed_at", facts.processed_at_ms);
  w.end_object();
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
