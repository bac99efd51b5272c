#include "traffic/core/sensor_catalog.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "traffic/core/random.h"

namespace traffic {
namespace {

struct Point {
  double latitude;
  double longitude;
};

// A highway's route as a polyline from its south/west end, how many
// detectors it carries and the lane range they have.
struct Route {
  std::string_view highway;
  bool north_south;
  int sensor_count;
  int min_lanes;
  int max_lanes;
  std::vector<Point> points;
};

// Rough geometry of the routes through Los Angeles County.
const std::vector<Route>& routes() {
  static const std::vector<Route> kRoutes = {
      {"I-5",
       true,
       22,
       4,
       6,
       {{33.930, -118.090},
        {34.020, -118.210},
        {34.080, -118.225},
        {34.150, -118.275},
        {34.200, -118.330},
        {34.260, -118.420}}},
      {"I-10",
       false,
       24,
       4,
       6,
       {{34.020, -118.490},
        {34.035, -118.380},
        {34.030, -118.270},
        {34.060, -118.200},
        {34.070, -118.100},
        {34.070, -117.950}}},
      {"I-105",
       false,
       16,
       3,
       5,
       {{33.930, -118.400}, {33.920, -118.280}, {33.915, -118.130}}},
      {"I-110",
       true,
       18,
       3,
       5,
       {{33.790, -118.280},
        {33.900, -118.285},
        {34.000, -118.280},
        {34.050, -118.260},
        {34.110, -118.190}}},
      {"I-405",
       true,
       24,
       4,
       6,
       {{33.860, -118.100},
        {33.900, -118.300},
        {33.960, -118.370},
        {34.050, -118.440},
        {34.150, -118.470},
        {34.270, -118.480}}},
      {"I-605",
       true,
       14,
       3,
       5,
       {{33.800, -118.090},
        {33.930, -118.100},
        {34.030, -118.020},
        {34.130, -117.980}}},
      {"I-710",
       true,
       14,
       3,
       4,
       {{33.770, -118.200},
        {33.900, -118.180},
        {34.000, -118.160},
        {34.070, -118.170}}},
      {"US-101",
       true,
       24,
       3,
       5,
       {{34.060, -118.230},
        {34.100, -118.330},
        {34.140, -118.370},
        {34.160, -118.480},
        {34.170, -118.600}}},
      {"SR-2",
       true,
       10,
       2,
       3,
       {{34.080, -118.250}, {34.150, -118.210}, {34.210, -118.200}}},
      {"SR-134",
       false,
       16,
       3,
       4,
       {{34.150, -118.370}, {34.155, -118.250}, {34.145, -118.150}}},
      {"SR-170",
       true,
       9,
       2,
       4,
       {{34.140, -118.370}, {34.200, -118.400}, {34.250, -118.410}}},
      {"I-210",
       false,
       16,
       3,
       5,
       {{34.260, -118.420},
        {34.200, -118.200},
        {34.150, -118.100},
        {34.130, -117.950}}},
  };
  return kRoutes;
}

// Seed of the fixed layout; unrelated to the generator's --seed.
constexpr std::uint64_t kLayoutSeed = 0x4d4554524c41ULL;  // "METRLA"

// Euclidean distance in degrees; sqrt is exactly rounded, so the layout is
// the same with every math library.
double distance(const Point& a, const Point& b) {
  const double dlat = b.latitude - a.latitude;
  const double dlon = b.longitude - a.longitude;
  return std::sqrt(dlat * dlat + dlon * dlon);
}

// Returns the point at `fraction` (0..1) of the polyline's length.
Point point_along(const std::vector<Point>& points, double fraction) {
  double total = 0;
  for (std::size_t i = 1; i < points.size(); ++i) {
    total += distance(points[i - 1], points[i]);
  }
  double remaining = fraction * total;
  for (std::size_t i = 1; i < points.size(); ++i) {
    const Point& a = points[i - 1];
    const Point& b = points[i];
    const double length = distance(a, b);
    if (remaining <= length || i + 1 == points.size()) {
      const double t = length > 0 ? std::min(1.0, remaining / length) : 0;
      return {a.latitude + t * (b.latitude - a.latitude),
              a.longitude + t * (b.longitude - a.longitude)};
    }
    remaining -= length;
  }
  return points.front();
}

double round_to(double value, double scale) {
  return std::round(value * scale) / scale;
}

}  // namespace

const SensorCatalog& SensorCatalog::metr_la() {
  static const SensorCatalog kCatalog;
  return kCatalog;
}

SensorCatalog::SensorCatalog() {
  Random random(kLayoutSeed);
  std::set<std::string> used_ids;
  for (const Route& route : routes()) {
    for (int i = 0; i < route.sensor_count; ++i) {
      std::string id;
      do {
        id = std::to_string(random.between(716000, 774999));
      } while (!used_ids.insert(id).second);
      // Alternate directions; offset the two carriageways slightly.
      const bool forward = i % 2 == 0;
      const double fraction = (i + 0.5) / route.sensor_count;
      const Point point = point_along(route.points, fraction);
      const double offset = forward ? 0.0004 : -0.0004;
      Sensor sensor{
          std::move(id),
          std::string(route.highway),
          route.north_south ? (forward ? Direction::kNorth : Direction::kSouth)
                            : (forward ? Direction::kEast : Direction::kWest),
          static_cast<int>(random.between(route.min_lanes, route.max_lanes)),
          round_to(point.latitude + (route.north_south ? 0 : offset), 1e6),
          round_to(point.longitude + (route.north_south ? offset : 0), 1e6),
          fraction,
      };
      sensors_.push_back(std::move(sensor));
    }
  }
}

const Sensor* SensorCatalog::find(std::string_view id) const {
  for (const Sensor& sensor : sensors_) {
    if (sensor.id == id) return &sensor;
  }
  return nullptr;
}

std::vector<std::string> SensorCatalog::highways() const {
  std::vector<std::string> names;
  for (const Sensor& sensor : sensors_) {
    if (names.empty() || names.back() != sensor.highway) {
      names.push_back(sensor.highway);
    }
  }
  return names;
}

}  // namespace traffic
