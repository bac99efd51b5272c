#include "traffic/serdes.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "traffic/core/json_writer.h"

namespace traffic {
namespace {

constexpr char kWindowInputFormat = 1;
constexpr std::size_t kWindowInputBytes = 1 + 3 * 8;

void append_le64(std::uint64_t v, std::string& out) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
}

std::uint64_t read_le64(const char* in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) {
    v |= std::uint64_t{static_cast<unsigned char>(in[i])} << (8 * i);
  }
  return v;
}

// A flattened reading's JSON (parse_flat_reading()) as a WindowInput.
WindowInput window_input_of_json(std::string_view json, const char* what) {
  std::string error;
  std::optional<FlatReading> reading = parse_flat_reading(json, &error);
  if (!reading) throw sluice::SerdeError(std::string(what) + ": " + error);
  return reading->window_input();
}

}  // namespace

sluice::Serde<std::optional<std::string>> optional_bytes_serde() {
  using OptionalBytes = std::optional<std::string>;
  return sluice::Serde<OptionalBytes>::from(
      "optional-bytes",
      [](const OptionalBytes& value, std::string& out) {
        if (value) out.append(*value);
      },
      [](std::optional<std::string_view> bytes) -> OptionalBytes {
        if (!bytes) return std::nullopt;
        return std::string(*bytes);
      });
}

sluice::Serde<FlatReading> flat_reading_serde() {
  return sluice::Serde<FlatReading>::from(
      "flat-reading-json",
      [](const FlatReading& value, std::string& out) {
        out.append(value.json);
      },
      [](std::optional<std::string_view> bytes) {
        if (!bytes) throw sluice::SerdeError("flat reading: null value");
        std::string error;
        std::optional<FlatReading> reading = parse_flat_reading(*bytes, &error);
        if (!reading) throw sluice::SerdeError("flat reading: " + error);
        return std::move(*reading);
      });
}

sluice::Serde<WindowInput> window_input_serde() {
  return sluice::Serde<WindowInput>::from(
      "window-input",
      [](const WindowInput& value, std::string& out) {
        out.push_back(kWindowInputFormat);
        append_le64(std::bit_cast<std::uint64_t>(value.speed_mph), out);
        append_le64(std::bit_cast<std::uint64_t>(value.volume_vph), out);
        append_le64(static_cast<std::uint64_t>(value.event_time_ms), out);
      },
      [](std::optional<std::string_view> bytes) {
        if (!bytes) throw sluice::SerdeError("window input: null value");
        if (!bytes->empty() && bytes->front() == '{') {
          return window_input_of_json(*bytes, "window input (JSON)");
        }
        if (bytes->size() != kWindowInputBytes ||
            bytes->front() != kWindowInputFormat) {
          throw sluice::SerdeError("window input: not 25 bytes of format 1 (" +
                                   std::to_string(bytes->size()) + " bytes)");
        }
        const char* at = bytes->data() + 1;
        WindowInput input;
        input.speed_mph = std::bit_cast<double>(read_le64(at));
        input.volume_vph = std::bit_cast<double>(read_le64(at + 8));
        input.event_time_ms = static_cast<std::int64_t>(read_le64(at + 16));
        if (!std::isfinite(input.speed_mph) ||
            !std::isfinite(input.volume_vph)) {
          throw sluice::SerdeError("window input: non-finite speed or volume");
        }
        return input;
      });
}

sluice::Serde<WindowInput> late_reading_json_serde() {
  return sluice::Serde<WindowInput>::from(
      "late-reading-json",
      [](const WindowInput& value, std::string& out) {
        JsonWriter writer(&out);
        writer.begin_object();
        writer.member("speed", value.speed_mph);
        writer.member("volume", value.volume_vph);
        writer.timestamp_member("timestamp", value.event_time_ms);
        writer.end_object();
      },
      [](std::optional<std::string_view> bytes) {
        if (!bytes) throw sluice::SerdeError("late reading: null value");
        return window_input_of_json(*bytes, "late reading");
      });
}

sluice::Serde<WindowAggregate> window_aggregate_serde() {
  return sluice::Serde<WindowAggregate>::from(
      "window-aggregate",
      [](const WindowAggregate& value, std::string& out) {
        value.encode(&out);
      },
      [](std::optional<std::string_view> bytes) {
        if (!bytes) throw sluice::SerdeError("window aggregate: null value");
        std::string error;
        std::optional<WindowAggregate> aggregate =
            WindowAggregate::decode(*bytes, &error);
        if (!aggregate) {
          throw sluice::SerdeError("window aggregate: " + error);
        }
        return *aggregate;
      });
}

}  // namespace traffic
