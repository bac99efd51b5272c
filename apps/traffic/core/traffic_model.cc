#include "traffic/core/traffic_model.h"

#include <algorithm>
#include <cmath>

#include "traffic/core/local_time.h"

namespace traffic {
namespace {

// Vehicle length plus detector length, in miles, for occupancy.
constexpr double kEffectiveVehicleMiles = 20.0 / 5280.0;

// 0 before `rise`, ramps to 1 at `full`, 1 until `fade`, ramps to 0 at `end`.
double trapezoid(double hour, double rise, double full, double fade,
                 double end) {
  if (hour <= rise || hour >= end) return 0;
  if (hour < full) return (hour - rise) / (full - rise);
  if (hour <= fade) return 1;
  return (end - hour) / (end - fade);
}

// A fixed per-sensor draw in [0, 1).
double sensor_trait(std::uint64_t seed, std::size_t sensor_index,
                    std::uint64_t salt) {
  return static_cast<double>(mix64(seed ^ salt, sensor_index) >> 11) *
         0x1.0p-53;
}

double round_to(double value, double scale) {
  return std::round(value * scale) / scale;
}

bool heads_south_or_west(Direction direction) {
  return direction == Direction::kSouth || direction == Direction::kWest;
}

}  // namespace

TrafficModel::TrafficModel(Scenario scenario, std::uint64_t seed,
                           const SensorCatalog& catalog)
    : scenario_(scenario), seed_(seed), catalog_(catalog) {
  if (scenario != Scenario::kIncident || catalog.size() == 0) return;
  Random random(mix64(seed, 0x696e6369ULL));
  const Sensor& anchor = catalog[random.below(catalog.size())];
  std::vector<std::size_t> same_road;  // catalog order is position order
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (catalog[i].highway == anchor.highway &&
        catalog[i].direction == anchor.direction) {
      same_road.push_back(i);
    }
  }
  const std::size_t length = std::min<std::size_t>(5, same_road.size());
  const std::size_t start = random.below(same_road.size() - length + 1);
  incident_sensors_.assign(
      same_road.begin() + static_cast<long>(start),
      same_road.begin() + static_cast<long>(start + length));
}

bool TrafficModel::in_incident(std::size_t sensor_index) const {
  return std::find(incident_sensors_.begin(), incident_sensors_.end(),
                   sensor_index) != incident_sensors_.end();
}

double TrafficModel::congestion(std::size_t sensor_index, double local_hour,
                                bool weekend) const {
  if (scenario_ == Scenario::kFreeFlow) return 0;
  const bool outbound_am =
      heads_south_or_west(catalog_[sensor_index].direction);
  double level = 0;
  if (weekend) {
    level = 0.35 * trapezoid(local_hour, 10, 12, 16, 19);
  } else {
    level = trapezoid(local_hour, 6, 7, 9, 10) * (outbound_am ? 1.0 : 0.6) +
            trapezoid(local_hour, 15, 16, 19, 20) * (outbound_am ? 0.6 : 1.0);
  }
  const double susceptibility =
      0.65 + 0.35 * sensor_trait(seed_, sensor_index, 0x73757363ULL);
  return std::clamp(level, 0.0, 1.0) * susceptibility;
}

TrafficConditions TrafficModel::conditions(std::size_t sensor_index,
                                           std::int64_t utc_ms,
                                           const Weather& weather,
                                           Random& noise) const {
  const Sensor& sensor = catalog_[sensor_index];
  const CivilTime local = los_angeles_time(utc_ms);
  double hour = local.hour + local.minute / 60.0;
  bool weekend = local.weekday == 0 || local.weekday == 6;
  if (scenario_ == Scenario::kMorningRush ||
      scenario_ == Scenario::kEveningRush) {
    hour = scenario_ == Scenario::kMorningRush ? 8.0 : 17.5;
    weekend = false;
  } else if (scenario_ == Scenario::kFreeFlow) {
    hour = 11.0;
  }
  const double level = congestion(sensor_index, hour, weekend);
  const double free_flow =
      60 + 8 * sensor_trait(seed_, sensor_index, 0x66726565ULL);
  double speed = free_flow * (1 - 0.72 * level) * weather.speed_factor +
                 2.0 * noise.gaussian();
  speed = std::clamp(speed, 3.0, 85.0);
  const double daytime = weekend ? trapezoid(hour, 6, 9, 21, 23.5)
                                 : trapezoid(hour, 4.5, 6.5, 20, 23);
  double per_lane = 260 + 1000 * daytime + 650 * level;
  if (speed < 30) per_lane *= 0.55 + 0.45 * speed / 30;
  if (in_incident(sensor_index)) {
    speed = noise.uniform(3.0, kIncidentSpeedMph - 0.1);
    per_lane = noise.uniform(250, 700);
  }
  speed = round_to(speed, 10);
  const double volume = std::clamp(
      std::round(per_lane * sensor.lanes * (1 + 0.05 * noise.gaussian())), 0.0,
      10000.0);
  const double density_per_lane = volume / sensor.lanes / std::max(speed, 1.0);
  const double occupancy = std::clamp(
      round_to(density_per_lane * kEffectiveVehicleMiles, 1000), 0.0, 0.95);
  return {speed, volume, occupancy};
}

}  // namespace traffic
