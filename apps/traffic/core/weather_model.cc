#include "traffic/core/weather_model.h"

#include <cmath>

#include "traffic/core/iso8601.h"
#include "traffic/core/local_time.h"
#include "traffic/core/random.h"

namespace traffic {
namespace {

constexpr std::int64_t kBlockMs = 6 * kMillisPerHour;

// Degrees F above or below the daily mean, by local hour (coolest at dawn,
// warmest mid-afternoon).
constexpr double kDiurnalDelta[24] = {
    -6.0, -6.8, -7.4, -7.9, -8.2, -8.4, -8.0, -6.5, -4.2, -1.6, 1.0,  3.4,
    5.4,  6.9,  7.8,  8.0,  7.4,  6.0,  4.0,  2.0,  0.3,  -1.6, -3.3, -4.8};

double unit_draw(std::uint64_t seed, std::int64_t block, std::uint64_t salt) {
  const std::uint64_t bits =
      mix64(seed ^ salt, static_cast<std::uint64_t>(block));
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

}  // namespace

Weather WeatherModel::at(std::int64_t utc_ms) const {
  const std::int64_t block =
      utc_ms >= 0 ? utc_ms / kBlockMs : (utc_ms - kBlockMs + 1) / kBlockMs;
  const CivilTime local = los_angeles_time(utc_ms);
  const double draw = unit_draw(seed_, block, 0x77656174ULL);
  Weather weather{"clear", 0, 1.0};
  if (draw >= 0.96) {
    weather = {"rain", 0, 0.82};
  } else if (draw >= 0.87) {
    weather = {"light_rain", 0, 0.92};
  } else if (draw >= 0.80) {
    // Marine-layer fog only in the morning; otherwise it is overcast.
    const bool morning = local.hour >= 4 && local.hour < 11;
    weather = morning ? Weather{"fog", 0, 0.88} : Weather{"cloudy", 0, 1.0};
  } else if (draw >= 0.55) {
    weather = {"cloudy", 0, 1.0};
  }
  const double mean =
      64.0 + 8.0 * (unit_draw(seed_, block, 0x74656d70ULL) - 0.5);
  const double rain_chill = draw >= 0.87 ? -5.0 : 0.0;
  weather.temperature_f =
      std::round((mean + kDiurnalDelta[local.hour] + rain_chill) * 10) / 10;
  return weather;
}

}  // namespace traffic
