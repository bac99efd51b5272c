// WeatherModel: Los Angeles weather over simulated time.

#ifndef TRAFFIC_CORE_WEATHER_MODEL_H_
#define TRAFFIC_CORE_WEATHER_MODEL_H_

#include <cstdint>
#include <string_view>

namespace traffic {

// The weather at one moment, county-wide.
struct Weather {
  std::string_view condition;  // clear, cloudy, fog, light_rain or rain
  double temperature_f;        // rounded to 0.1
  double speed_factor;         // multiplies free-flow speeds (rain slows)
};

// Weather that holds for six-hour blocks (mostly clear, some cloud, morning
// fog, occasional rain) with a daily temperature curve in local time.
// Deterministic in (seed, time). Immutable; thread-safe.
class WeatherModel {
 public:
  explicit WeatherModel(std::uint64_t seed) : seed_(seed) {}

  // Returns the weather at `utc_ms`.
  Weather at(std::int64_t utc_ms) const;

 private:
  std::uint64_t seed_;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_WEATHER_MODEL_H_
