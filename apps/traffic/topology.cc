#include "traffic/topology.h"

#include <utility>

#include "sluice/sluice.h"
#include "traffic/core/window_result_writer.h"
#include "traffic/serdes.h"

namespace traffic {

using sluice::Branched;
using sluice::Consumed;
using sluice::Grouped;
using sluice::Materialized;
using sluice::Named;
using sluice::Produced;
using sluice::Serdes;

sluice::TimeWindows topology_windows(const TopologyOptions& options) {
  return sluice::TimeWindows::of_size(options.window_size)
      .grace(options.window_grace);
}

sluice::Topology build_topology(const TopologyOptions& options,
                                const std::shared_ptr<AppMetrics>& metrics) {
  const auto bytes = optional_bytes_serde();
  const auto flat = flat_reading_serde();
  sluice::StreamsBuilder builder;

  // 1. Raw bytes in; decode, validate and flatten; valid or not.
  auto decoded =
      builder
          .stream(options.input_topic,
                  Consumed::with(bytes, bytes).with_name("traffic-raw-source"))
          .process(
              [decode = options.decode, metrics] {
                return std::make_unique<DecodeProcessor>(decode, metrics);
              },
              Named::as("decode-validate-flatten"));
  auto branches = decoded.split(Named::as("readings-"))
                      .branch([](const OptionalBytes&,
                                 const DecodedReading& d) { return d.valid; },
                              Branched::as("valid"))
                      .default_branch(Branched::as("invalid"));

  // 2. Invalid: the original key and value, with the dead-letter headers.
  branches.at("readings-invalid")
      .map(
          [](OptionalBytes key, DecodedReading d) {
            return std::make_pair(std::move(key), std::move(d.original_value));
          },
          Named::as("original-bytes"))
      .to(options.dlq_topic,
          Produced::with(bytes, bytes).with_name("traffic-dlq-sink"));

  // 3. Valid: the flattened reading, keyed by sensor id.
  auto events =
      branches.at("readings-valid")
          .map(
              [](OptionalBytes sensor_id, DecodedReading d) {
                return std::make_pair(std::move(sensor_id).value_or(""),
                                      std::move(d.flat));
              },
              Named::as("flattened-reading"));
  events.to(
      options.output_topic,
      Produced::with(Serdes::string(), flat).with_name("traffic-events-sink"));

  // 4. Per-sensor windows on event time (the record timestamp is the
  // reading's). group_by repartitions: the input need not be keyed by
  // sensor id. Only what a window needs crosses the repartition topic (25
  // bytes instead of the ~300 of the JSON, and no JSON to parse again).
  auto windowed =
      events
          .map_values([](const FlatReading& r) { return r.window_input(); },
                      Named::as("window-input"))
          .group_by([](const std::string& sensor_id,
                       const WindowInput&) { return sensor_id; },
                    Grouped::with(Serdes::string(), window_input_serde(),
                                  std::string(kGroupingName)))
          .windowed_by(topology_windows(options))
          .emit_final();
  if (!options.late_topic.empty()) {
    windowed = windowed.late_records_to(
        options.late_topic,
        Produced::with(Serdes::string(), late_reading_json_serde()));
  }
  const double threshold = options.congestion_mph;
  windowed
      .aggregate([threshold] { return WindowAggregate(threshold); },
                 [](const std::string&, const WindowInput& reading,
                    const WindowAggregate& aggregate) {
                   WindowAggregate next = aggregate;
                   next.add(reading.for_window());
                   return next;
                 },
                 Materialized::as(std::string(kWindowStoreName))
                     .with_retention(options.window_retention),
                 window_aggregate_serde())
      .to_stream(Named::as("closed-windows"))
      .map(
          [metrics](const sluice::Windowed<std::string>& w,
                    const WindowAggregate& aggregate) {
            std::string json;
            write_window_result_json(
                w.key, {w.window.start_ms, w.window.end_ms}, aggregate, &json);
            metrics->record_window_emitted();
            return std::make_pair(w.key, std::move(json));
          },
          Named::as("window-result-json"))
      .to(options.agg_topic, Produced::with(Serdes::string(), Serdes::string())
                                 .with_name("traffic-aggregates-sink"));

  return builder.build().value();
}

}  // namespace traffic
