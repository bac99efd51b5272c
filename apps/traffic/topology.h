// The traffic topology, declared in one function (build_topology()).
//
//   traffic-raw ──> decode-validate-flatten ──> readings-valid ──>
//   traffic-events
//                                          │                  └─> (repartition
//                                          by sensor id) │ └─> 5-min windows,
//                                          emit final │ └─> traffic-aggregates
//                                          │                            └─>
//                                          late topic (optional) └──>
//                                          readings-invalid ──> traffic-dlq
//
// Topology::describe() prints the real thing.

#ifndef TRAFFIC_TOPOLOGY_H_
#define TRAFFIC_TOPOLOGY_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "sluice/topology.h"
#include "sluice/windows.h"
#include "traffic/app_metrics.h"
#include "traffic/core/window_aggregate.h"
#include "traffic/decode_processor.h"

namespace traffic {

// The window store (interactive queries: /sensors/{id}).
inline constexpr std::string_view kWindowStoreName = "sensor-windows";
// The grouping: its repartition topic is
// <application.id>-sensor-readings-repartition.
inline constexpr std::string_view kGroupingName = "sensor-readings";

struct TopologyOptions {
  std::string input_topic = "traffic-raw";
  std::string output_topic = "traffic-events";
  std::string dlq_topic = "traffic-dlq";
  std::string agg_topic = "traffic-aggregates";
  std::string late_topic;  // empty: late readings are only counted
  std::chrono::milliseconds window_size = std::chrono::minutes(5);
  std::chrono::milliseconds window_grace = std::chrono::minutes(1);
  // How long the window store keeps windows after their start, so that
  // /sensors/{id} shows the recent ones (at least size + grace).
  std::chrono::milliseconds window_retention = std::chrono::hours(2);
  double congestion_mph = kDefaultCongestionMph;
  DecodeOptions decode;
};

// The windows of `options` (size and grace).
sluice::TimeWindows topology_windows(const TopologyOptions& options);

// Builds the topology. Counts go to `metrics`, shared by all tasks.
// Throws std::invalid_argument for a window size or grace TimeWindows
// refuses, and sluice::StatusError when StreamsBuilder::build() refuses the
// graph (e.g. the same topic as input and output).
// REQUIRES: metrics is not null.
sluice::Topology build_topology(const TopologyOptions& options,
                                const std::shared_ptr<AppMetrics>& metrics);

}  // namespace traffic

#endif  // TRAFFIC_TOPOLOGY_H_
