// Fuzz target: the serdes of the traffic topology (apps/traffic/serdes.h):
// the WindowAggregate binary serde of the window store and its changelog,
// the FlatReading serde of the repartition topic, and the nullable bytes of
// the input topic. All read bytes that come back from Kafka.
//
// Input: byte 0 chooses the serde (low 2 bits) and a null (bit 7); the rest
// are the bytes to deserialize. Choice 3 builds aggregates from the bytes
// instead (see check_aggregate_algebra).
//
// Properties:
//  * deserialize() returns or throws SerdeError, never anything else;
//  * window aggregates: a decoded aggregate keeps its invariants and its
//    encoding is canonical (serialize(deserialize(b)) == b); aggregates built
//    with add() round-trip exactly, and merge() equals adding everything to
//    one aggregate;
//  * flat readings keep their text and numbers; nullable bytes round-trip.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "traffic/serdes.h"

namespace traffic {
namespace {

void check_window_aggregate(std::optional<std::string_view> bytes) {
  const auto serde = window_aggregate_serde();
  std::optional<WindowAggregate> aggregate;
  try {
    aggregate = serde.deserialize(bytes);
  } catch (const sluice::SerdeError&) {
    return;
  }
  FUZZ_CHECK(bytes.has_value(), "a null is refused");
  FUZZ_CHECK(aggregate->congested_count() <= aggregate->count(),
             "congested <= count");
  FUZZ_CHECK(aggregate->empty() ||
                 aggregate->min_speed_mph() <= aggregate->max_speed_mph(),
             "min <= max");
  FUZZ_CHECK(aggregate->first_event_ms() <= aggregate->last_event_ms(),
             "first <= last");
  FUZZ_CHECK(std::isfinite(aggregate->average_speed_mph()) &&
                 std::isfinite(aggregate->congested_share()),
             "derived statistics are finite");
  std::string out;
  serde.serialize(*aggregate, out);
  FUZZ_CHECK(out == *bytes, "serialize(deserialize(b)) == b");
}

// Readings from the bytes: 2 bytes speed, 2 bytes volume, 4 bytes time.
void check_aggregate_algebra(std::string_view bytes) {
  const double threshold = 35;
  WindowAggregate all(threshold);
  WindowAggregate first_half(threshold);
  WindowAggregate second_half(threshold);
  const std::size_t readings = bytes.size() / 8;
  for (std::size_t i = 0; i < readings; ++i) {
    const auto* p =
        reinterpret_cast<const unsigned char*>(bytes.data()) + 8 * i;
    Reading r;
    r.speed_mph = (p[0] * 256 + p[1]) % 1201 / 10.0;
    r.volume_vph = (p[2] * 256 + p[3]) % 10001;
    std::int32_t time = 0;
    std::memcpy(&time, p + 4, sizeof time);
    r.event_time_ms = std::int64_t{1'700'000'000'000} + time;
    all.add(r);
    (i < readings / 2 ? first_half : second_half).add(r);
  }
  FUZZ_CHECK(first_half.merge(second_half), "same thresholds merge");
  FUZZ_CHECK(first_half.count() == all.count() &&
                 first_half.congested_count() == all.congested_count() &&
                 first_half.min_speed_mph() == all.min_speed_mph() &&
                 first_half.max_speed_mph() == all.max_speed_mph() &&
                 first_half.first_event_ms() == all.first_event_ms() &&
                 first_half.last_event_ms() == all.last_event_ms(),
             "merge() == adding everything");
  const auto serde = window_aggregate_serde();
  for (const WindowAggregate* a : {&all, &first_half}) {
    std::string out;
    serde.serialize(*a, out);
    FUZZ_CHECK(serde.deserialize(out) == *a, "deserialize(serialize(a)) == a");
  }
}

void check_flat_reading(std::optional<std::string_view> bytes) {
  const auto serde = flat_reading_serde();
  std::optional<FlatReading> flat;
  try {
    flat = serde.deserialize(bytes);
  } catch (const sluice::SerdeError&) {
    return;
  }
  FUZZ_CHECK(bytes && flat->json == *bytes, "the text is kept as is");
  FUZZ_CHECK(std::isfinite(flat->speed_mph) && std::isfinite(flat->volume_vph),
             "finite numbers");
  std::string out;
  serde.serialize(*flat, out);
  FUZZ_CHECK(out == *bytes, "serialize(deserialize(b)) == b");
  FUZZ_CHECK(serde.deserialize(out) == *flat, "deserialize(serialize(f)) == f");
}

void check_optional_bytes(std::optional<std::string_view> bytes) {
  const auto serde = optional_bytes_serde();
  const std::optional<std::string> value = serde.deserialize(bytes);
  FUZZ_CHECK(value.has_value() == bytes.has_value(), "null stays null");
  std::string out;
  serde.serialize(value, out);
  FUZZ_CHECK(out == bytes.value_or(std::string_view()),
             "bytes are written as read (a null as none)");
}

}  // namespace
}  // namespace traffic

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1,
                              size - 1);
  std::optional<std::string_view> bytes;
  if ((data[0] & 0x80U) == 0) bytes = rest;
  switch (data[0] & 3U) {
    case 0: traffic::check_window_aggregate(bytes); break;
    case 1: traffic::check_flat_reading(bytes); break;
    case 2: traffic::check_optional_bytes(bytes); break;
    case 3: traffic::check_aggregate_algebra(rest); break;
  }
  return 0;
}
