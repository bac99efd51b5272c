// The serdes of the traffic topology.

#ifndef TRAFFIC_SERDES_H_
#define TRAFFIC_SERDES_H_

#include <optional>
#include <string>

#include "sluice/serde.h"
#include "traffic/core/window_aggregate.h"
#include "traffic/flat_reading.h"

namespace traffic {

// Bytes that may be null, as Kafka keys and values may be: a null record
// key or value reads as nullopt, and any bytes as themselves. Writing
// nullopt writes zero bytes (a sluice sink always writes bytes, so a null
// becomes empty on the way out). Thread-safe.
sluice::Serde<std::optional<std::string>> optional_bytes_serde();

// FlatReading as its JSON text: serialize writes FlatReading::json;
// deserialize parses it with parse_flat_reading() and throws
// sluice::SerdeError for a null or unreadable value. Thread-safe.
sluice::Serde<FlatReading> flat_reading_serde();

// WindowInput as the repartition topic carries it: 25 bytes, a format byte
// (1) then speed and volume (IEEE-754 doubles) and the event time (int64),
// little-endian. deserialize also reads the flattened reading JSON that
// versions before this format wrote to the repartition topic, so that the
// records an older version left there are aggregated after an upgrade. It
// throws sluice::SerdeError for a null value, a non-finite speed or volume,
// and anything else. Thread-safe.
sluice::Serde<WindowInput> window_input_serde();

// WindowInput as the late topic carries it, JSON:
//   {"speed":31.6,"volume":2203,"timestamp":"2025-10-05T07:40:00.000Z"}
// (the record key is the sensor id); deserialize reads any JSON object
// parse_flat_reading() accepts. Thread-safe.
sluice::Serde<WindowInput> late_reading_json_serde();

// WindowAggregate in its compact binary form (WindowAggregate::encode());
// deserialize throws sluice::SerdeError for a null value or bytes decode()
// refuses. Thread-safe.
sluice::Serde<WindowAggregate> window_aggregate_serde();

}  // namespace traffic

#endif  // TRAFFIC_SERDES_H_
