// Generator: a deterministic stream of realistic METR-LA readings, with
// the verdict the decoder must reach on each.

#ifndef TRAFFIC_CORE_GENERATOR_H_
#define TRAFFIC_CORE_GENERATOR_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "traffic/core/fault_injector.h"
#include "traffic/core/random.h"
#include "traffic/core/reading.h"
#include "traffic/core/reading_decoder.h"
#include "traffic/core/reason_set.h"
#include "traffic/core/scenario.h"
#include "traffic/core/sensor_catalog.h"
#include "traffic/core/traffic_model.h"
#include "traffic/core/weather_model.h"

namespace traffic {

// Reading cadence of every sensor in simulated time.
inline constexpr std::int64_t kReadingIntervalMs = std::int64_t{5} * 60 * 1000;

// Share of faulty readings in Scenario::kSensorFaults unless configured.
inline constexpr double kDefaultFaultShare = 0.3;

// Configuration of a Generator.
struct GeneratorConfig {
  std::uint64_t seed = 1;
  // Simulated time of the first reading round, UTC epoch milliseconds.
  // Default: Monday 2025-10-06 07:00 in Los Angeles (14:00 UTC).
  std::int64_t start_time_ms = 1759759200000;
  Scenario scenario = Scenario::kNormal;
  // Share of faulty readings in [0, 1]; nullopt: kDefaultFaultShare for
  // kSensorFaults, 0 otherwise.
  std::optional<double> fault_share;
  // Simulated time per unit of wall time, for callers pacing the stream.
  double speed_up = 1.0;
  // The decoder limits the expected outcomes must agree with.
  // REQUIRES: max_value_bytes >= 4096, max_age >= 2 s, max_clock_skew >= 0
  // (clean readings are a few hundred bytes and up to 1.5 s old).
  DecoderConfig decoder;
};

// One generated record.
struct GeneratedReading {
  std::optional<std::string> key;    // nullopt: no key
  std::optional<std::string> value;  // nullopt: a tombstone
  std::int64_t event_time_ms = 0;    // simulated event time (the record's)
  std::int64_t now_ms = 0;           // simulated processing time; the
                                     // expectation holds for this `now`
  // When a caller pacing at speed_up should send it, after the start.
  std::chrono::nanoseconds wall_offset{0};
  ReasonSet expected;  // empty: valid
  Reading truth;       // the decoded Reading when valid (else the clean
                       // reading the fault was applied to)
  std::size_t sensor_index = 0;  // into the catalog
  std::string fault;             // description of the injected faults, or ""
};

// Produces readings round by round: every kReadingIntervalMs of simulated
// time each of the catalog's sensors reports once (up to 2 s of jitter), in
// catalog order; processing happens 20-1500 ms after the event time. Valid
// readings vary their spelling (timestamp formats, optional fields, member
// order, whitespace, escaped keys, unknown members, the key standing in for
// a missing sensor_id) without changing their meaning. The same config
// yields the same records, byte for byte. Not thread-safe.
class Generator {
 public:
  // Throws std::invalid_argument unless 0 <= fault share <= 1 and
  // speed_up is positive and finite.
  explicit Generator(GeneratorConfig config,
                     const SensorCatalog& catalog = SensorCatalog::metr_la());

  // Returns the next record.
  GeneratedReading next();

  // Returns the effective share of faulty readings.
  double fault_share() const { return fault_share_; }

  const GeneratorConfig& config() const { return config_; }
  const TrafficModel& model() const { return model_; }
  const SensorCatalog& catalog() const { return catalog_; }

 private:
  Reading clean_reading(std::size_t sensor_index, std::int64_t event_ms);
  std::string timestamp_text(std::int64_t event_ms, Reading* truth);
  void vary_document(ReadingDocument* document, std::optional<std::string>* key,
                     Reading* truth);
  void add_unknown_members(ReadingDocument* document);
  DocumentStyle draw_style();

  GeneratorConfig config_;
  const SensorCatalog& catalog_;
  double fault_share_;
  TrafficModel model_;
  WeatherModel weather_;
  FaultInjector injector_;
  Random random_;
  std::uint64_t sequence_ = 0;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_GENERATOR_H_
