#include "traffic/core/window_result_writer.h"

#include "traffic/core/json_writer.h"

namespace traffic {
namespace {

// Writes `value`, or null when the aggregate has no readings.
void stat_member(JsonWriter& writer, std::string_view name, bool empty,
                 double value) {
  if (empty) {
    writer.null_member(name);
  } else {
    writer.member(name, value);
  }
}

void time_member(JsonWriter& writer, std::string_view name, bool empty,
                 std::int64_t epoch_ms) {
  if (empty) {
    writer.null_member(name);
  } else {
    writer.timestamp_member(name, epoch_ms);
  }
}

}  // namespace

void write_window_result_json(std::string_view sensor_id, WindowBounds window,
                              const WindowAggregate& aggregate,
                              std::string* out) {
  out->clear();
  const bool empty = aggregate.empty();
  JsonWriter writer(out);
  writer.begin_object();
  writer.member("sensor_id", sensor_id);
  writer.timestamp_member("window_start", window.start_ms);
  writer.timestamp_member("window_end", window.end_ms);
  writer.member("count", aggregate.count());
  stat_member(writer, "min_speed_mph", empty, aggregate.min_speed_mph());
  stat_member(writer, "avg_speed_mph", empty, aggregate.average_speed_mph());
  stat_member(writer, "max_speed_mph", empty, aggregate.max_speed_mph());
  writer.member("total_volume", aggregate.total_volume());
  stat_member(writer, "avg_volume", empty, aggregate.average_volume());
  writer.member("congested_count", aggregate.congested_count());
  stat_member(writer, "congested_share", empty, aggregate.congested_share());
  writer.member("congestion_threshold_mph",
                aggregate.congestion_threshold_mph());
  time_member(writer, "first_event_time", empty, aggregate.first_event_ms());
  time_member(writer, "last_event_time", empty, aggregate.last_event_ms());
  writer.end_object();
}

}  // namespace traffic
