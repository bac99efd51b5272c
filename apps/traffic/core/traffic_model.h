// TrafficModel: speed, volume and occupancy of each sensor over time.

#ifndef TRAFFIC_CORE_TRAFFIC_MODEL_H_
#define TRAFFIC_CORE_TRAFFIC_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "traffic/core/random.h"
#include "traffic/core/scenario.h"
#include "traffic/core/sensor_catalog.h"
#include "traffic/core/weather_model.h"

namespace traffic {

// Speeds of the sensors in an incident stay strictly below this.
inline constexpr double kIncidentSpeedMph = 15;

// Traffic at one sensor at one moment. Speeds are rounded to 0.1 mph,
// volumes to whole vehicles per hour, occupancy (fraction of time the loop
// is covered) to 0.001. Always within the validator's ranges.
struct TrafficConditions {
  double speed_mph;
  double volume_vph;
  double occupancy;
};

// A deterministic model of Los Angeles traffic. Weekdays (local time) have
// a morning rush 07:00-09:00 that hits south- and westbound lanes hardest
// and an evening rush 16:00-19:00 that hits north- and eastbound lanes
// hardest, each ramping up and down over the hour around it; weekends have
// a mild midday slowdown. Congestion lowers speeds from each sensor's
// free-flow speed (60-68 mph) and raises volumes until flow breaks down
// below 30 mph. Rain and fog slow traffic. See Scenario for the overrides.
// Immutable after construction; thread-safe.
class TrafficModel {
 public:
  // Chooses the incident stretch (for Scenario::kIncident) from `seed`: up to
  // five consecutive sensors of one highway direction.
  TrafficModel(Scenario scenario, std::uint64_t seed,
               const SensorCatalog& catalog);

  // Returns the traffic at catalog sensor `sensor_index` at `utc_ms` in
  // `weather`, with measurement noise drawn from `noise`.
  // REQUIRES: sensor_index < catalog.size().
  TrafficConditions conditions(std::size_t sensor_index, std::int64_t utc_ms,
                               const Weather& weather, Random& noise) const;

  // Returns the catalog indices of the sensors in the incident (empty
  // unless the scenario is kIncident).
  const std::vector<std::size_t>& incident_sensors() const {
    return incident_sensors_;
  }

  // Returns true if the sensor is in the incident stretch.
  bool in_incident(std::size_t sensor_index) const;

 private:
  // Congestion level 0..1 at the sensor and local time.
  double congestion(std::size_t sensor_index, double local_hour,
                    bool weekend) const;

  Scenario scenario_;
  std::uint64_t seed_;
  const SensorCatalog& catalog_;
  std::vector<std::size_t> incident_sensors_;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_TRAFFIC_MODEL_H_
