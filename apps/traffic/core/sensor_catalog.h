// SensorCatalog: the simulated METR-LA loop detectors.

#ifndef TRAFFIC_CORE_SENSOR_CATALOG_H_
#define TRAFFIC_CORE_SENSOR_CATALOG_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "traffic/core/reading.h"

namespace traffic {

// METR-LA had 207 loop detectors on Los Angeles County highways.
inline constexpr std::size_t kMetrLaSensorCount = 207;

// One detector. Coordinates are WGS84 degrees in the Los Angeles area.
struct Sensor {
  std::string id;       // 6 decimal digits, unique in the catalog
  std::string highway;  // e.g. "I-405", "US-101", "SR-134"
  Direction direction;  // N/S on north-south routes, E/W on east-west ones
  int lanes;            // 2..6
  double latitude;
  double longitude;
  double position;  // 0..1 along the highway's route, south/west end 0
};

// The fixed layout of 207 detectors on 12 highways: the same ids, places and
// lane counts on every run and platform (it does not depend on --seed). Ids
// are drawn from METR-LA's 7xxxxx range. Sensors are ordered by highway,
// then by position. Immutable after construction; thread-safe.
class SensorCatalog {
 public:
  // Returns the shared catalog (built on first use, thread-safe).
  static const SensorCatalog& metr_la();

  // Builds the layout. Prefer metr_la(); this is public for tests.
  SensorCatalog();

  const std::vector<Sensor>& sensors() const { return sensors_; }
  std::size_t size() const { return sensors_.size(); }
  const Sensor& operator[](std::size_t index) const { return sensors_[index]; }

  // Returns the sensor with `id`, or nullptr.
  const Sensor* find(std::string_view id) const;

  // Returns the highway names in catalog order, each once.
  std::vector<std::string> highways() const;

 private:
  std::vector<Sensor> sensors_;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_SENSOR_CATALOG_H_
