#include "traffic/window_result.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "traffic/core/iso8601.h"

namespace traffic {
namespace {

std::int64_t time_of(const nlohmann::json& j, const char* key) {
  return parse_iso8601_ms(j.at(key).get<std::string>()).value();
}

}  // namespace

std::optional<WindowResult> parse_window_result(std::string_view json) {
  try {
    const nlohmann::json j = nlohmann::json::parse(json);
    WindowResult w;
    w.sensor_id = j.at("sensor_id").get<std::string>();
    w.window_start_ms = time_of(j, "window_start");
    w.window_end_ms = time_of(j, "window_end");
    w.count = j.at("count").get<std::uint64_t>();
    if (w.count == 0) return std::nullopt;
    w.min_speed_mph = j.at("min_speed_mph").get<double>();
    w.avg_speed_mph = j.at("avg_speed_mph").get<double>();
    w.max_speed_mph = j.at("max_speed_mph").get<double>();
    w.total_volume = j.at("total_volume").get<double>();
    w.congested_count = j.at("congested_count").get<std::uint64_t>();
    w.congestion_threshold_mph = j.at("congestion_threshold_mph").get<double>();
    w.first_event_ms = time_of(j, "first_event_time");
    w.last_event_ms = time_of(j, "last_event_time");
    return w;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<HighwaySpeed> highway_speeds(
    const std::vector<WindowResult>& windows, const SensorCatalog& catalog) {
  struct Sum {
    std::uint64_t n = 0;
    double speed = 0;
  };
  std::map<std::pair<std::string, std::string>, Sum> sums;
  for (const WindowResult& w : windows) {
    const Sensor* sensor = catalog.find(w.sensor_id);
    if (sensor == nullptr) continue;
    const std::string direction(1, static_cast<char>(sensor->direction));
    for (const std::string& d : {std::string(), direction}) {
      Sum& s = sums[{sensor->highway, d}];
      s.n += w.count;
      s.speed += w.avg_speed_mph * static_cast<double>(w.count);
    }
  }
  std::vector<HighwaySpeed> out;
  for (const std::string& highway : catalog.highways()) {
    for (const char* d : {"", "N", "S", "E", "W"}) {
      const auto it = sums.find({highway, d});
      if (it == sums.end()) continue;
      out.push_back({highway, d, it->second.n,
                     it->second.speed / static_cast<double>(it->second.n)});
    }
  }
  return out;
}

std::vector<SensorCongestion> most_congested(
    const std::vector<WindowResult>& windows, std::size_t n) {
  std::map<std::string, SensorCongestion> by_sensor;
  for (const WindowResult& w : windows) {
    SensorCongestion& s = by_sensor[w.sensor_id];
    s.sensor_id = w.sensor_id;
    // average_mph holds the speed sum until the end.
    s.average_mph += w.avg_speed_mph * static_cast<double>(w.count);
    s.readings += w.count;
    s.congested += w.congested_count;
  }
  std::vector<SensorCongestion> out;
  for (auto& [id, s] : by_sensor) {
    s.average_mph /= static_cast<double>(s.readings);
    out.push_back(s);
  }
  std::sort(out.begin(), out.end(),
            [](const SensorCongestion& a, const SensorCongestion& b) {
              if (a.congested_share() != b.congested_share()) {
                return a.congested_share() > b.congested_share();
              }
              if (a.average_mph != b.average_mph) {
                return a.average_mph < b.average_mph;
              }
              return a.sensor_id < b.sensor_id;
            });
  if (out.size() > n) out.resize(n);
  return out;
}

}  // namespace traffic
