'use strict';
// The flattened reading written to the events topic, member order as
// sluice's write_reading_json (the predecessor's shape).

/** Returns the object to JSON.stringify for a valid reading. */
function flatten(r, processedAtMs, processorId) {
  const flat = {
    sensor_id: r.sensor_id,
    timestamp: new Date(r.eventMs).toISOString(),
    speed: r.speed,
    volume: r.volume,
    highway: r.highway,
    direction: r.direction,
    lane_count: r.lanes,
    weather_conditions: r.condition,
    processed_at: new Date(processedAtMs).toISOString(),
    processor_id: processorId,
    validation_status: 'valid',
  };
  if (r.occupancy !== undefined) flat.occupancy = r.occupancy;
  if (r.latitude !== undefined) flat.latitude = r.latitude;
  if (r.longitude !== undefined) flat.longitude = r.longitude;
  if (r.temperature !== undefined) flat.temperature_f = r.temperature;
  return flat;
}

module.exports = { flatten };
