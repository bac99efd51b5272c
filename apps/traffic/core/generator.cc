#include "traffic/core/generator.h"

#include <cmath>
#include <stdexcept>
#include <string_view>

#include "traffic/core/iso8601.h"
#include "traffic/core/local_time.h"
#include "traffic/core/reading_document.h"

namespace traffic {
namespace {

constexpr std::int64_t kMaxJitterMs = 1999;
constexpr std::int64_t kMinLatencyMs = 20;
constexpr std::int64_t kMaxLatencyMs = 1500;

// A weather description with non-ASCII text, and its escaped spelling.
constexpr std::string_view kUnicodeCondition = "marine layer \xe2\x80\x94 fog";
constexpr std::string_view kEscapedCondition = R"("marine layer \u2014 fog")";

}  // namespace

Generator::Generator(GeneratorConfig config, const SensorCatalog& catalog)
    : config_(config),
      catalog_(catalog),
      fault_share_(config.fault_share.value_or(
          config.scenario == Scenario::kSensorFaults ? kDefaultFaultShare : 0)),
      model_(config.scenario, config.seed, catalog),
      weather_(config.seed),
      injector_(config.decoder),
      random_(config.seed) {
  if (!(fault_share_ >= 0 && fault_share_ <= 1)) {
    throw std::invalid_argument("Generator: fault share must be in [0, 1]");
  }
  if (!(config.speed_up > 0) || !std::isfinite(config.speed_up)) {
    throw std::invalid_argument("Generator: speed_up must be positive");
  }
}

GeneratedReading Generator::next() {
  GeneratedReading item;
  item.sensor_index = static_cast<std::size_t>(sequence_ % catalog_.size());
  const auto round = static_cast<std::int64_t>(sequence_ / catalog_.size());
  ++sequence_;
  const std::int64_t event_ms = config_.start_time_ms +
                                round * kReadingIntervalMs +
                                random_.between(0, kMaxJitterMs);
  item.now_ms = event_ms + random_.between(kMinLatencyMs, kMaxLatencyMs);
  item.truth = clean_reading(item.sensor_index, event_ms);
  const std::string timestamp = timestamp_text(event_ms, &item.truth);
  item.event_time_ms = item.truth.event_time_ms;
  item.wall_offset = std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double, std::milli>(
          static_cast<double>(event_ms - config_.start_time_ms) /
          config_.speed_up));
  ReadingDocument document(item.truth, timestamp);
  std::optional<std::string> key = item.truth.sensor_id;
  vary_document(&document, &key, &item.truth);
  const DocumentStyle style = draw_style();
  if (random_.chance(fault_share_)) {
    FaultyRecord faulty =
        injector_.inject(std::move(document), style, key, item.now_ms, random_);
    item.key = std::move(faulty.key);
    item.value = std::move(faulty.value);
    item.expected = faulty.expected;
    item.fault = std::move(faulty.description);
  } else {
    item.key = std::move(key);
    item.value = document.serialize(style, random_);
  }
  return item;
}

Reading Generator::clean_reading(std::size_t sensor_index,
                                 std::int64_t event_ms) {
  const Sensor& sensor = catalog_[sensor_index];
  const Weather weather = weather_.at(event_ms);
  const TrafficConditions traffic =
      model_.conditions(sensor_index, event_ms, weather, random_);
  Reading reading;
  reading.sensor_id = sensor.id;
  reading.event_time_ms = event_ms;
  reading.speed_mph = traffic.speed_mph;
  reading.volume_vph = traffic.volume_vph;
  reading.highway = sensor.highway;
  reading.direction = sensor.direction;
  reading.lane_count = sensor.lanes;
  reading.weather_condition = std::string(weather.condition);
  if (random_.chance(0.9)) reading.occupancy = traffic.occupancy;
  if (random_.chance(0.85)) {
    reading.latitude = sensor.latitude;
    reading.longitude = sensor.longitude;
  }
  if (random_.chance(0.75)) reading.temperature_f = weather.temperature_f;
  return reading;
}

std::string Generator::timestamp_text(std::int64_t event_ms, Reading* truth) {
  std::string text = format_iso8601_ms(event_ms);
  const double draw = random_.uniform();
  if (draw < 0.78) return text;
  if (draw < 0.86) {  // whole seconds: the fraction is lost
    truth->event_time_ms = event_ms - event_ms % kMillisPerSecond;
    return text.substr(0, 19) + "Z";
  }
  if (draw < 0.94) return text.substr(0, 23) + "+00:00";
  if (draw < 0.97) {  // microseconds: truncated back to milliseconds
    return text.substr(0, 23) + std::to_string(100 + random_.below(900)) + "Z";
  }
  // Los Angeles local time with its offset.
  const std::int64_t offset = los_angeles_offset_ms(event_ms);
  std::string local = format_iso8601_ms(event_ms + offset);
  return local.substr(0, 23) +
         (offset == -7 * kMillisPerHour ? "-07:00" : "-08:00");
}

void Generator::vary_document(ReadingDocument* document,
                              std::optional<std::string>* key, Reading* truth) {
  const double draw = random_.uniform();
  if (draw < 0.02) {
    document->remove(Field::kSensorId);  // the key supplies it
  } else if (draw < 0.03) {
    document->set(Field::kSensorId, "null");
  } else if (draw < 0.04) {
    document->set(Field::kSensorId, "\"\"");
  } else if (draw < 0.06) {
    key->reset();  // the value carries it alone
  }
  if (random_.chance(0.03)) add_unknown_members(document);
  if (random_.chance(0.01)) {
    document->set(Field::kLanes, std::to_string(truth->lane_count) + ".0");
  }
  if (random_.chance(0.01)) {
    char escaped[] = R"("\u00XX")";
    const char letter = static_cast<char>(truth->direction);
    escaped[5] = "0123456789abcdef"[letter >> 4];
    escaped[6] = "0123456789abcdef"[letter & 0xf];
    document->set(Field::kDirection, escaped);
  }
  if (random_.chance(0.02)) {
    truth->weather_condition = std::string(kUnicodeCondition);
    document->set(Field::kCondition,
                  random_.chance(0.5)
                      ? ReadingDocument::quote(kUnicodeCondition)
                      : std::string(kEscapedCondition));
  }
  if (random_.chance(0.01)) {  // an optional field sent as null is absent
    truth->occupancy.reset();
    document->set(Field::kOccupancy, "null");
  }
}

void Generator::add_unknown_members(ReadingDocument* document) {
  document->add_unknown(Field::kRoot, "source", R"("metr-la")");
  document->add_unknown(Field::kTrafficData, "quality", "0.98");
  document->add_unknown(Field::kLocation, "tags", R"(["loop","mainline"])");
  document->add_unknown(Field::kRoot, "meta",
                        R"({"fw":"2.1","ok":true,"n":null,"seq":[1,2.5e3]})");
  // Python's json module writes NaN; outside known fields it is tolerated.
  if (random_.chance(0.3)) document->add_unknown(Field::kWeather, "uv", "NaN");
}

DocumentStyle Generator::draw_style() {
  DocumentStyle style;
  style.shuffle = random_.chance(0.05);
  style.pretty = random_.chance(0.05);
  style.escape_keys = random_.chance(0.02);
  return style;
}

}  // namespace traffic
