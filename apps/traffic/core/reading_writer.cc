#include "traffic/core/reading_writer.h"

#include <cstring>

#include "traffic/core/iso8601.h"
#include "traffic/core/json_writer.h"
#include "traffic/core/number_format.h"

namespace traffic {
namespace {

// The member names and punctuation around the values, in output order.
constexpr std::string_view kSensorId = R"({"sensor_id":)";
constexpr std::string_view kTimestamp = R"(,"timestamp":")";
constexpr std::string_view kSpeed = R"(","speed":)";
constexpr std::string_view kVolume = R"(,"volume":)";
constexpr std::string_view kHighway = R"(,"highway":)";
constexpr std::string_view kDirection = R"(,"direction":")";
constexpr std::string_view kLaneCount = R"(","lane_count":)";
constexpr std::string_view kWeather = R"(,"weather_conditions":)";
constexpr std::string_view kProcessedAt = R"(,"processed_at":")";
constexpr std::string_view kProcessorId = R"(","processor_id":)";
constexpr std::string_view kValid = R"(,"validation_status":"valid")";
constexpr std::string_view kOccupancy = R"(,"occupancy":)";
constexpr std::string_view kLatitude = R"(,"latitude":)";
constexpr std::string_view kLongitude = R"(,"longitude":)";
constexpr std::string_view kTemperature = R"(,"temperature_f":)";

// Every fixed byte of the output plus room for its numbers and timestamps.
constexpr std::size_t kFixedBytes =
    kSensorId.size() + kTimestamp.size() + kSpeed.size() + kVolume.size() +
    kHighway.size() + kDirection.size() + kLaneCount.size() + kWeather.size() +
    kProcessedAt.size() + kProcessorId.size() + kValid.size() +
    kOccupancy.size() + kLatitude.size() + kLongitude.size() +
    kTemperature.size() + 1 /* } */ + 1 /* direction */ + 2 * kIso8601Length +
    7 * kMaxDoubleChars;

char* put(std::string_view text, char* at) {
  std::memcpy(at, text.data(), text.size());
  return at + text.size();
}

char* put_number(std::string_view name, double value, char* at) {
  return format_json_number(value, put(name, at));
}

char* put_optional(std::string_view name, const std::optional<double>& value,
                   char* at) {
  return value ? put_number(name, *value, at) : at;
}

}  // namespace

void write_reading_json(const Reading& reading, const OutputMetadata& metadata,
                        std::string* out) {
  // Size the buffer once, write through a pointer, then trim.
  out->resize(kFixedBytes + JsonWriter::max_string_size(reading.sensor_id) +
              JsonWriter::max_string_size(reading.highway) +
              JsonWriter::max_string_size(reading.weather_condition) +
              JsonWriter::max_string_size(metadata.processor_id));
  char* at = out->data();
  at = JsonWriter::write_string(reading.sensor_id, put(kSensorId, at));
  format_iso8601_ms(reading.event_time_ms, put(kTimestamp, at));
  at += kTimestamp.size() + kIso8601Length;
  at = put_number(kSpeed, reading.speed_mph, at);
  at = put_number(kVolume, reading.volume_vph, at);
  at = JsonWriter::write_string(reading.highway, put(kHighway, at));
  at = put(kDirection, at);
  *at++ = static_cast<char>(reading.direction);
  at = put_number(kLaneCount, reading.lane_count, at);
  at = JsonWriter::write_string(reading.weather_condition, put(kWeather, at));
  format_iso8601_ms(metadata.processed_at_ms, put(kProcessedAt, at));
  at += kProcessedAt.size() + kIso8601Length;
  at = JsonWriter::write_string(metadata.processor_id, put(kProcessorId, at));
  at = put(kValid, at);
  at = put_optional(kOccupancy, reading.occupancy, at);
  at = put_optional(kLatitude, reading.latitude, at);
  at = put_optional(kLongitude, reading.longitude, at);
  at = put_optional(kTemperature, reading.temperature_f, at);
  *at++ = '}';
  out->resize(static_cast<std::size_t>(at - out->data()));
}

}  // namespace traffic
