#include "traffic/core/reading_document.h"

#include <algorithm>
#include <charconv>

#include "traffic/core/json_writer.h"

namespace traffic {
namespace {

// Appends the quoted key, with '_' as \u005f if `escape`.
void append_key(std::string_view key, bool escape, std::string* out) {
  if (!escape) {
    JsonWriter::append_escaped(key, out);
    return;
  }
  std::string quoted;
  JsonWriter::append_escaped(key, &quoted);
  for (char c : quoted) {
    if (c == '_') {
      *out += "\\u005f";
    } else {
      *out += c;
    }
  }
}

}  // namespace

ReadingDocument::ReadingDocument(const Reading& reading,
                                 std::string_view timestamp) {
  for (std::vector<Member>& members : objects_) members.reserve(8);
  const char direction = static_cast<char>(reading.direction);
  const auto optional = [this](Field field,
                               const std::optional<double>& value) {
    if (value) set(field, number(*value));
  };
  set(Field::kSensorId, quote(reading.sensor_id));
  set(Field::kTimestamp, quote(timestamp));
  set(Field::kTrafficData, {});
  set(Field::kSpeedMph, number(reading.speed_mph));
  set(Field::kVolume, number(reading.volume_vph));
  optional(Field::kOccupancy, reading.occupancy);
  set(Field::kLocation, {});
  set(Field::kHighway, quote(reading.highway));
  set(Field::kDirection, quote(std::string_view(&direction, 1)));
  set(Field::kLanes, number(reading.lane_count));
  optional(Field::kLatitude, reading.latitude);
  optional(Field::kLongitude, reading.longitude);
  set(Field::kWeather, {});
  set(Field::kCondition, quote(reading.weather_condition));
  optional(Field::kTemperatureF, reading.temperature_f);
}

std::size_t ReadingDocument::object_index(Field object_field) {
  switch (object_field) {
    case Field::kTrafficData: return 1;
    case Field::kLocation: return 2;
    case Field::kWeather: return 3;
    default: return 0;
  }
}

std::vector<ReadingDocument::Member>& ReadingDocument::members_of(Field field) {
  return objects_[object_index(field_info(field).parent)];
}

bool ReadingDocument::has(Field field) const {
  const auto& members = objects_[object_index(field_info(field).parent)];
  return std::any_of(members.begin(), members.end(),
                     [field](const Member& m) { return m.field == field; });
}

void ReadingDocument::set(Field field, std::string raw_json) {
  std::vector<Member>& members = members_of(field);
  const auto first =
      std::find_if(members.begin(), members.end(),
                   [field](const Member& m) { return m.field == field; });
  const bool body =
      field_info(field).kind == FieldKind::kObject && raw_json.empty();
  if (first == members.end()) {
    members.push_back(
        {std::string(field_info(field).key), field, std::move(raw_json), body});
    return;
  }
  first->raw = std::move(raw_json);
  first->body = body;
  members.erase(
      std::remove_if(first + 1, members.end(),
                     [field](const Member& m) { return m.field == field; }),
      members.end());
}

void ReadingDocument::remove(Field field) {
  std::vector<Member>& members = members_of(field);
  members.erase(
      std::remove_if(members.begin(), members.end(),
                     [field](const Member& m) { return m.field == field; }),
      members.end());
}

void ReadingDocument::duplicate(Field field, std::string raw_json) {
  std::vector<Member>& members = members_of(field);
  const auto first =
      std::find_if(members.begin(), members.end(),
                   [field](const Member& m) { return m.field == field; });
  Member copy = *first;
  if (!raw_json.empty()) {
    copy.raw = std::move(raw_json);
    copy.body = false;
  }
  members.insert(first + 1, std::move(copy));
}

void ReadingDocument::add_unknown(Field parent, std::string_view key,
                                  std::string raw_json) {
  objects_[object_index(parent)].push_back(
      {std::string(key), Field::kRoot, std::move(raw_json), false});
}

std::string ReadingDocument::serialize(const DocumentStyle& style,
                                       Random& random) const {
  std::string out;
  write_object(0, style, random, 1, &out);
  return out;
}

void ReadingDocument::write_object(std::size_t index,
                                   const DocumentStyle& style, Random& random,
                                   int indent, std::string* out) const {
  std::vector<const Member*> order;
  for (const Member& member : objects_[index]) order.push_back(&member);
  if (style.shuffle) {
    for (std::size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1], order[random.below(i)]);
    }
  }
  const std::string newline =
      style.pretty
          ? "\n" + std::string(2 * static_cast<std::size_t>(indent), ' ')
          : "";
  out->push_back('{');
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i > 0) out->push_back(',');
    *out += newline;
    append_key(order[i]->key, style.escape_keys, out);
    *out += style.pretty ? ": " : ":";
    if (order[i]->body) {
      write_object(object_index(order[i]->field), style, random, indent + 1,
                   out);
    } else {
      *out += order[i]->raw;
    }
  }
  if (style.pretty) {
    *out += '\n' + std::string(2 * static_cast<std::size_t>(indent - 1), ' ');
  }
  out->push_back('}');
}

std::string ReadingDocument::quote(std::string_view text) {
  std::string out;
  JsonWriter::append_escaped(text, &out);
  return out;
}

std::string ReadingDocument::number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

}  // namespace traffic
