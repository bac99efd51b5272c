// Fuzz target: the traffic reading decoder (parser + validator), the code
// every input record of the app goes through.
//
// Input: byte 0 = flags (bit 0: the record has a key; bit 1: the value is
// null, a tombstone), byte 1 = key length, then the key, then the value.
// Inputs shorter than 2 bytes are a value without a key.
//
// Properties checked on every input:
//  * decode() never throws, and two long-lived decoders that saw different
//    records before give the same verdict (reasons and reading): no state
//    leaks from one record to the next;
//  * an exclusive reason (malformed_json, empty_value, too_large) comes
//    alone; a tombstone is exactly empty_value; every reason's text code
//    parses back to it, and the codes rebuild the same set;
//  * agreement with nlohmann_json (an independent, strict parser) on what
//    is JSON: an object it accepts (no BOM, no NUL byte, at most
//    kMaxJsonDepth deep) is never malformed_json, and a value the decoder
//    accepts as an object is JSON for nlohmann too, unless it uses the
//    NaN/Infinity extension or a number too large for a double (non_finite
//    here, an error there);
//  * a valid reading keeps every rule of validator.h, re-encoded as a
//    nested document it decodes to the same reading, and its flattened
//    output is JSON that carries its values.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "traffic/core/iso8601.h"
#include "traffic/core/random.h"
#include "traffic/core/reading_decoder.h"
#include "traffic/core/reading_document.h"
#include "traffic/core/reading_writer.h"

namespace traffic {
namespace {

struct Record {
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
};

Record split(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (size < 2) return {std::nullopt, bytes};
  const std::size_t key_size = std::min<std::size_t>(data[1], size - 2);
  Record record;
  if ((data[0] & 1U) != 0) record.key = bytes.substr(2, key_size);
  const std::string_view value = bytes.substr(2 + key_size);
  if ((data[0] & 2U) == 0) record.value = value;
  return record;
}

// The "now" of the golden corpus (tests/data/traffic), so that its valid
// readings are valid here too.
std::int64_t now_ms() {
  static const std::int64_t kNow =
      parse_iso8601_ms("2025-10-05T07:42:44.651Z").value();
  return kNow;
}

int json_depth(const nlohmann::json& json) {
  if (!json.is_structured()) return 0;
  int deepest = 0;
  for (const auto& child : json) deepest = std::max(deepest, json_depth(child));
  return deepest + 1;
}

void check_reasons(const ReasonSet& reasons, const Record& record) {
  for (const Reason& reason : reasons.reasons()) {
    FUZZ_CHECK(!is_exclusive(reason.kind) || reasons.size() == 1,
               "an exclusive reason comes alone");
    FUZZ_CHECK(parse_reason_code(reason_code(reason)) == reason,
               "a reason's code parses back to it");
  }
  FUZZ_CHECK(ReasonSet::from_codes(reasons.codes()) == reasons,
             "the codes rebuild the set");
  if (!record.value) {
    FUZZ_CHECK(reasons.codes() == std::vector<std::string>{"empty_value"},
               "a tombstone is empty_value");
  }
}

// nlohmann_json and the decoder agree on what is a JSON object.
void check_against_nlohmann(const ReasonSet& reasons, std::string_view value) {
  if (value.empty() || value.size() > kDefaultMaxValueBytes) return;
  if (value.substr(0, 3) == "\xEF\xBB\xBF") return;  // nlohmann skips a BOM
  nlohmann::json json = nlohmann::json::value_t::discarded;
  bool overflow = false;  // nlohmann refuses numbers a double cannot hold
  try {
    json = nlohmann::json::parse(value.begin(), value.end());
  } catch (const nlohmann::json::out_of_range& e) {
    overflow = e.id == 406;  // "number overflow"
  } catch (const nlohmann::json::parse_error&) {
  }
  const bool malformed =
      reasons.contains({ReasonKind::kMalformedJson, Field::kRoot});
  const bool empty = reasons.contains({ReasonKind::kEmptyValue, Field::kRoot});
  // nlohmann stops at a NUL byte as if the text ended there.
  const bool nul = value.find('\0') != std::string_view::npos;
  if (json.is_object() && !nul && json_depth(json) <= kMaxJsonDepth) {
    FUZZ_CHECK(!malformed && !empty, "a JSON object nlohmann accepts");
  }
  const bool extension = overflow ||
                         value.find("NaN") != std::string_view::npos ||
                         value.find("Infinity") != std::string_view::npos;
  if (!malformed && !empty && !extension) {
    FUZZ_CHECK(json.is_object(), "what the decoder accepts is JSON");
  }
}

void check_valid(const Reading& r, const Record& record,
                 ReadingDecoder& decoder) {
  FUZZ_CHECK(!r.sensor_id.empty(), "sensor_id is set");
  FUZZ_CHECK(r.speed_mph >= kMinSpeedMph && r.speed_mph <= kMaxSpeedMph,
             "speed in range");
  FUZZ_CHECK(r.volume_vph >= kMinVolumeVph && r.volume_vph <= kMaxVolumeVph,
             "volume in range");
  FUZZ_CHECK(r.lane_count >= 1, "lanes >= 1");
  FUZZ_CHECK(!r.highway.empty() && !r.weather_condition.empty(),
             "highway and condition are set");
  const ValidatorConfig& rules = decoder.config().validator;
  FUZZ_CHECK(r.event_time_ms <= now_ms() + rules.max_clock_skew.count() &&
                 r.event_time_ms >= now_ms() - rules.max_age.count(),
             "event time within the clock rules");
  for (const auto& number :
       {r.occupancy, r.latitude, r.longitude, r.temperature_f}) {
    FUZZ_CHECK(!number || std::isfinite(*number), "optional numbers finite");
  }

  // Written back as a nested document, it decodes to the same reading.
  Random random(1);
  const std::string nested =
      ReadingDocument(r, format_iso8601_ms(r.event_time_ms))
          .serialize({}, random);
  Reading again;
  FUZZ_CHECK(decoder.decode(record.key, nested, now_ms(), &again).empty(),
             "the re-encoded reading is valid");
  FUZZ_CHECK(again == r, "the re-encoded reading decodes to itself");

  // The flattened output is JSON carrying the reading's values.
  std::string flat;
  write_reading_json(r, {now_ms(), kDefaultProcessorId}, &flat);
  const nlohmann::json json =
      nlohmann::json::parse(flat.begin(), flat.end(), nullptr, false);
  FUZZ_CHECK(json.is_object(), "the flattened reading is JSON");
  FUZZ_CHECK(json["sensor_id"] == r.sensor_id, "flat sensor_id");
  FUZZ_CHECK(json["highway"] == r.highway, "flat highway");
  FUZZ_CHECK(json["weather_conditions"] == r.weather_condition,
             "flat weather_conditions");
  FUZZ_CHECK(json["speed"].get<double>() == r.speed_mph, "flat speed");
  FUZZ_CHECK(json["volume"].get<double>() == r.volume_vph, "flat volume");
  FUZZ_CHECK(json["lane_count"] == r.lane_count, "flat lane_count");
  FUZZ_CHECK(json["timestamp"] == format_iso8601_ms(r.event_time_ms),
             "flat timestamp");
}

}  // namespace
}  // namespace traffic

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using traffic::Reading;
  using traffic::ReadingDecoder;
  using traffic::ReasonSet;
  // Two long-lived decoders, like a task's, with different histories: one
  // sees every input, the other every second one.
  static ReadingDecoder every;
  static ReadingDecoder every_second;
  static bool turn = false;
  const traffic::Record record = traffic::split(data, size);

  Reading reading;
  const ReasonSet reasons =
      every.decode(record.key, record.value, traffic::now_ms(), &reading);
  turn = !turn;
  if (turn) {
    Reading other_reading;
    const ReasonSet other = every_second.decode(
        record.key, record.value, traffic::now_ms(), &other_reading);
    FUZZ_CHECK(reasons == other, "the verdict does not depend on history");
    FUZZ_CHECK(!reasons.empty() || reading == other_reading,
               "the reading does not depend on history");
  }

  traffic::check_reasons(reasons, record);
  if (record.value) traffic::check_against_nlohmann(reasons, *record.value);
  if (reasons.empty()) traffic::check_valid(reading, record, every);
  return 0;
}
