// process-total per processor node (stream-processor-node-metrics), as the
// TopologyTestDriver reports it.
#include <gtest/gtest.h>

#include <string>

#include "sluice/sluice.h"
#include "sluice/testing/topology_test_driver.h"

namespace sluice {
namespace {

using testing::TopologyTestDriver;

constexpr std::string_view kNodeGroup = "stream-processor-node-metrics";

double node_count(const TopologyTestDriver& driver, const std::string& node) {
  return group_metric_sum(driver.metrics(), kNodeGroup, "process-total",
                          {{"processor-node-id", node}});
}

TEST(NodeMetricsTest, EachNodeCountsTheRecordsItReceived) {
  StreamsBuilder builder;
  builder.stream("in", Consumed::with(Serdes::string(), Serdes::int64()))
      .filter([](const std::string&, std::int64_t v) { return v % 2 == 0; },
              Named::as("evens"))
      .map_values([](std::int64_t v) { return v * 10; }, Named::as("times-10"))
      .to("out", Produced::with(Serdes::string(), Serdes::int64()));
  const Topology topology = builder.build().value();
  TopologyTestDriver driver(topology);
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  for (std::int64_t v = 1; v <= 7; ++v) in.pipe_input("k", v);

  EXPECT_EQ(node_count(driver, "evens"), 7);
  EXPECT_EQ(node_count(driver, "times-10"), 3);  // 2, 4, 6 passed
  // The source and the sink count too; their names come from the DSL.
  double source = 0;
  double sink = 0;
  for (const MetricValue& m : driver.metrics()) {
    if (m.group != kNodeGroup) continue;
    const std::string& node = m.tags.at("processor-node-id");
    EXPECT_EQ(m.name, "process-total");
    EXPECT_EQ(m.tags.at("thread-id"), "test-driver");
    EXPECT_EQ(m.tags.at("task-id"), "0_0");
    if (node.find("SOURCE") != std::string::npos) source += m.value;
    if (node.find("SINK") != std::string::npos) sink += m.value;
  }
  EXPECT_EQ(source, 7);
  EXPECT_EQ(sink, 3);
  // The task-level count is separate: one per input record.
  EXPECT_EQ(group_metric_sum(driver.metrics(), "stream-task-metrics",
                             "process-total"),
            7);
}

TEST(NodeMetricsTest, EveryBranchCountsOnlyWhatReachedIt) {
  StreamsBuilder builder;
  auto source =
      builder.stream("in", Consumed::with(Serdes::string(), Serdes::int64()));
  source
      .filter([](const std::string&, std::int64_t v) { return v > 0; },
              Named::as("positive"))
      .to("pos", Produced::with(Serdes::string(), Serdes::int64()));
  source.peek([](const std::string&, std::int64_t) {}, Named::as("all"))
      .to("all", Produced::with(Serdes::string(), Serdes::int64()));
  TopologyTestDriver driver(builder.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  for (std::int64_t v : {-2, -1, 0, 1, 2}) in.pipe_input("k", v);

  EXPECT_EQ(node_count(driver, "positive"), 5);
  EXPECT_EQ(node_count(driver, "all"), 5);
}

TEST(NodeMetricsTest, SubtopologiesCountUnderTheirOwnTask) {
  StreamsBuilder builder;
  builder.stream("in", Consumed::with(Serdes::string(), Serdes::int64()))
      .group_by([](const std::string&, std::int64_t v) {
        return std::to_string(v % 3);
      })
      .count()
      .to_stream()
      .to("out", Produced::with(Serdes::string(), Serdes::int64()));
  TopologyTestDriver driver(builder.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  for (std::int64_t v = 0; v < 6; ++v) in.pipe_input("k", v);

  // Sub-topology 0 reads "in" and writes the repartition topic that
  // sub-topology 1 reads: each source node sees the 6 records once.
  for (const std::string task : {"0_0", "1_0"}) {
    double sources = 0;
    for (const MetricValue& m : driver.metrics()) {
      if (m.group == kNodeGroup && m.tags.at("task-id") == task &&
          m.tags.at("processor-node-id").find("SOURCE") != std::string::npos) {
        sources += m.value;
      }
    }
    EXPECT_EQ(sources, 6) << task;
  }
}

}  // namespace
}  // namespace sluice
