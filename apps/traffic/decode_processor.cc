#include "traffic/decode_processor.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <utility>

#include "traffic/core/reading_writer.h"
#include "traffic/dead_letter.h"

namespace traffic {
namespace {

using Clock = std::chrono::steady_clock;

std::optional<std::int64_t> sent_at_ms(const sluice::Headers& headers) {
  const std::string* text = headers.last_value(kSentAtHeader);
  if (text == nullptr) return std::nullopt;
  std::int64_t ms = 0;
  const auto [end, ec] =
      std::from_chars(text->data(), text->data() + text->size(), ms);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return std::nullopt;
  }
  return ms;
}

std::optional<std::string_view> view(const OptionalBytes& bytes) {
  if (!bytes) return std::nullopt;
  return std::string_view(*bytes);
}

}  // namespace

std::string_view validation_clock_name(ValidationClock clock) {
  return clock == ValidationClock::kRecord ? "record" : "wall";
}

std::optional<ValidationClock> parse_validation_clock(std::string_view name) {
  if (name == "record") return ValidationClock::kRecord;
  if (name == "wall") return ValidationClock::kWall;
  return std::nullopt;
}

DecodeProcessor::DecodeProcessor(const DecodeOptions& options,
                                 std::shared_ptr<AppMetrics> metrics)
    : options_(options),
      metrics_(std::move(metrics)),
      decoder_(options.decoder) {}

void DecodeProcessor::init(
    sluice::ProcessorContext<OptionalBytes, DecodedReading>& context) {
  context_ = &context;
}

std::int64_t DecodeProcessor::wall_now_ms() const {
  if (options_.wall_clock_ms) return options_.wall_clock_ms();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void DecodeProcessor::process(
    sluice::Record<OptionalBytes, OptionalBytes> record) {
  const Clock::time_point started = Clock::now();
  const std::int64_t wall_ms = wall_now_ms();
  const std::int64_t now_ms =
      options_.clock == ValidationClock::kRecord ? record.timestamp() : wall_ms;
  const ReasonSet reasons = decoder_.decode(
      view(record.key()), view(record.value()), now_ms, &reading_);
  std::optional<std::chrono::nanoseconds> e2e;
  // A sent-at stamp from a clock far off (or garbage) is not a latency.
  constexpr std::int64_t kPlausibleMs = 7LL * 24 * 3600 * 1000;
  if (auto sent = sent_at_ms(record.headers());
      sent && *sent <= wall_ms + 60'000 && *sent >= wall_ms - kPlausibleMs) {
    e2e = std::chrono::milliseconds(std::max<std::int64_t>(wall_ms - *sent, 0));
  }

  if (reasons.empty()) {
    DecodedReading out;
    out.valid = true;
    write_reading_json(reading_, {wall_ms, options_.processor_id},
                       &out.flat.json);
    out.flat.speed_mph = reading_.speed_mph;
    out.flat.volume_vph = reading_.volume_vph;
    out.flat.event_time_ms = reading_.event_time_ms;
    const std::int64_t event_ms = reading_.event_time_ms;
    auto valid =
        std::move(record)
            .with_key_value(OptionalBytes(reading_.sensor_id), std::move(out))
            .with_timestamp(event_ms);
    metrics_->record_valid(Clock::now() - started, e2e, wall_ms);
    context_->forward(std::move(valid));
    return;
  }

  DeadLetterFacts facts;
  facts.topic = record.topic();
  facts.partition = record.partition();
  facts.offset = record.offset();
  facts.timestamp_ms = record.timestamp();
  facts.key_null = !record.key().has_value();
  facts.value_null = !record.value().has_value();
  facts.value_bytes = record.value() ? record.value()->size() : 0;
  facts.processor_id = options_.processor_id;
  facts.processed_at_ms = wall_ms;
  add_dead_letter_headers(reasons, facts, &record.headers());
  DecodedReading out;
  out.original_value = std::move(record.value());
  if (out.original_value &&
      out.original_value->size() > kMaxDeadLetterValueBytes) {
    record.headers().add(std::string(kTruncatedHeader),
                         std::to_string(out.original_value->size()));
    out.original_value->resize(kMaxDeadLetterValueBytes);
  }
  OptionalBytes key = std::move(record.key());
  auto invalid =
      std::move(record).with_key_value(std::move(key), std::move(out));
  metrics_->record_invalid(reasons, Clock::now() - started, e2e, wall_ms);
  context_->forward(std::move(invalid));
}

}  // namespace traffic
