#include "traffic/serdes.h"

#include <string_view>

namespace traffic {

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
