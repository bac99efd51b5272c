// DecodeProcessor: the first step of the traffic topology. Decodes each raw
// record with a ReadingDecoder and forwards either the flattened valid
// reading (keyed by sensor id, timestamped with its event time) or the
// original bytes with the dead-letter headers (dead_letter.h).

#ifndef TRAFFIC_DECODE_PROCESSOR_H_
#define TRAFFIC_DECODE_PROCESSOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/processor.h"
#include "traffic/app_metrics.h"
#include "traffic/core/reading.h"
#include "traffic/core/reading_decoder.h"
#include "traffic/flat_reading.h"

namespace traffic {

using OptionalBytes = std::optional<std::string>;

// Which clock "now" is for the timestamp rules (in the future, too old).
enum class ValidationClock : std::uint8_t {
  // The input record's timestamp: when the producer says it sent the
  // reading. Reprocessing the same records gives the same verdicts, and a
  // simulated clock (traffic-gen, the demo) works.
  kRecord,
  // This machine's clock when the reading is processed (the predecessor's
  // behaviour).
  kWall,
};

// "record" or "wall".
std::string_view validation_clock_name(ValidationClock clock);
// Parses "record" or "wall"; nullopt otherwise.
std::optional<ValidationClock> parse_validation_clock(std::string_view name);

// The header a producer may set to the wall-clock epoch ms at which it sent
// the record; used for the end-to-end latency metric only.
inline constexpr std::string_view kSentAtHeader = "traffic.gen.sent_at_ms";

// The outcome of decoding one record.
struct DecodedReading {
  bool valid = false;
  FlatReading flat;              // valid: the flattened reading
  OptionalBytes original_value;  // invalid: the input value, untouched
};

struct DecodeOptions {
  DecoderConfig decoder;
  ValidationClock clock = ValidationClock::kRecord;
  // processor_id in the output (the seed used its CLIENT_ID).
  std::string processor_id = "stream-processor-client";
  // Wall clock in epoch ms (processed_at, latency); empty: the system clock.
  std::function<std::int64_t()> wall_clock_ms;
};

// One instance per task (the supplier makes it), so its decoder is never
// shared between threads. Valid readings: key = sensor id, value.flat =
// the flattened JSON, timestamp = the reading's event time, input headers
// kept. Invalid: key and value as read, timestamp as read, input headers
// plus the dead-letter headers. Every reading is counted in AppMetrics.
class DecodeProcessor final
    : public sluice::Processor<OptionalBytes, OptionalBytes, OptionalBytes,
                               DecodedReading> {
 public:
  // REQUIRES: metrics is not null.
  DecodeProcessor(const DecodeOptions& options,
                  std::shared_ptr<AppMetrics> metrics);

  void init(sluice::ProcessorContext<OptionalBytes, DecodedReading>& context)
      override;
  void process(sluice::Record<OptionalBytes, OptionalBytes> record) override;

 private:
  std::int64_t wall_now_ms() const;

  DecodeOptions options_;
  std::shared_ptr<AppMetrics> metrics_;
  ReadingDecoder decoder_;
  Reading reading_;  // reused: no allocation per record once grown
  sluice::ProcessorContext<OptionalBytes, DecodedReading>* context_ = nullptr;
};

}  // namespace traffic

#endif  // TRAFFIC_DECODE_PROCESSOR_H_
