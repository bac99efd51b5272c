#include "passthrough_routes.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace e2e {
namespace {

RouteTopics topics() {
  return route_topics("app", "raw", "events", "dlq", "aggregates");
}

Consumed input(std::int64_t offset, std::int32_t partition = 2) {
  return {"raw", partition, offset, "sensor-7", "{\"reading\":1}"};
}

// `r` sends `in` as it is (key, value, headers) to `topic`'s `partition`.
void expect_copy_of(const Consumed& in, const Route& r,
                    const std::string& topic, std::int32_t partition) {
  EXPECT_EQ(*r.topic, topic);
  EXPECT_EQ(r.partition, partition);
  EXPECT_EQ(r.key, in.key);
  EXPECT_EQ(r.value, in.value);
  EXPECT_TRUE(r.copy_headers);
}

TEST(IoShapeTest, ParsesTheTwoShapesAndRefusesAnythingElse) {
  EXPECT_EQ(parse_io_shape("copy"), IoShape::kCopy);
  EXPECT_EQ(parse_io_shape("traffic"), IoShape::kTraffic);
  for (const char* bad : {"", "Traffic", "copy ", "topology"}) {
    try {
      parse_io_shape(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("IO_SHAPE"), std::string::npos);
    }
  }
}

TEST(RouteTopicsTest, NamesTheInternalTopicsAfterTheApplication) {
  const RouteTopics t = topics();
  EXPECT_EQ(t.repartition, "app-io-repartition");
  EXPECT_EQ(t.changelog, "app-io-changelog");
  EXPECT_EQ(t.input, "raw");
  EXPECT_EQ(t.output, "events");
}

TEST(CopyShapeTest, CopiesAnInputRecordToTheSamePartitionOfTheOutput) {
  const RouteTopics t = topics();
  const Consumed in = input(41);
  const Routes routes = routes_for(IoShape::kCopy, t, in);
  ASSERT_EQ(routes.count, 1U);
  expect_copy_of(in, routes.routes[0], "events", 2);
  EXPECT_EQ(routes_for(IoShape::kCopy, t, {"other", 0, 1, "k", "v"}).count, 0U);
}

TEST(TrafficShapeTest, EveryTwentiethInputRecordGoesToTheDlqAsItIs) {
  const RouteTopics t = topics();
  const Consumed in = input(40);
  const Routes routes = routes_for(IoShape::kTraffic, t, in);
  ASSERT_EQ(routes.count, 1U);
  expect_copy_of(in, routes.routes[0], "dlq", Route::kByKey);
}

TEST(TrafficShapeTest, OtherInputRecordsGoToTheEventsAndTheRepartition) {
  const RouteTopics t = topics();
  const Consumed in = input(41);
  const Routes routes = routes_for(IoShape::kTraffic, t, in);
  ASSERT_EQ(routes.count, 2U);
  expect_copy_of(in, routes.routes[0], "events", 2);
  const Route& repartition = routes.routes[1];
  EXPECT_EQ(*repartition.topic, "app-io-repartition");
  EXPECT_EQ(repartition.partition, Route::kByKey);
  EXPECT_EQ(repartition.key, "sensor-7");
  EXPECT_EQ(repartition.value.size(), 25U);
  EXPECT_TRUE(repartition.copy_headers);
}

TEST(TrafficShapeTest, RepartitionRecordsGiveWindowResultsAndSomeChangelog) {
  const RouteTopics t = topics();
  const Routes plain =
      routes_for(IoShape::kTraffic, t, {t.repartition, 3, 11, "s", "v"});
  ASSERT_EQ(plain.count, 1U);
  EXPECT_EQ(*plain.routes[0].topic, "aggregates");
  EXPECT_EQ(plain.routes[0].value.size(), 330U);
  EXPECT_FALSE(plain.routes[0].copy_headers);
  const Routes logged =
      routes_for(IoShape::kTraffic, t, {t.repartition, 3, 20, "s", "v"});
  ASSERT_EQ(logged.count, 2U);
  EXPECT_EQ(*logged.routes[1].topic, "app-io-changelog");
  EXPECT_EQ(logged.routes[1].partition, 3);
  EXPECT_EQ(logged.routes[1].value.size(), 40U);
}

// The figures the report states: per reading 1.95 records consumed and 3.0
// produced, when every repartition record is read back.
TEST(TrafficShapeTest, PerReadingIoIsWhatTheReportStates) {
  const RouteTopics t = topics();
  constexpr int kReadings = 20000;
  std::map<std::string, int> produced;
  std::int64_t repartition_offset = 0;
  int consumed = 0;
  std::vector<Consumed> pending;
  for (int i = 0; i < kReadings; ++i) pending.push_back(input(i, 0));
  while (!pending.empty()) {
    std::vector<Consumed> next;
    for (const Consumed& in : pending) {
      ++consumed;
      const Routes routes = routes_for(IoShape::kTraffic, t, in);
      for (std::size_t r = 0; r < routes.count; ++r) {
        const Route& out = routes.routes[r];
        ++produced[*out.topic];
        if (*out.topic == t.repartition) {
          next.push_back(
              {t.repartition, 0, repartition_offset++, out.key, out.value});
        }
      }
    }
    pending = std::move(next);
  }
  EXPECT_EQ(produced["dlq"], kReadings / 20);
  EXPECT_EQ(produced["events"], kReadings - kReadings / 20);
  EXPECT_EQ(produced["app-io-repartition"], produced["events"]);
  EXPECT_EQ(produced["aggregates"], produced["events"]);
  EXPECT_EQ(produced["app-io-changelog"], produced["events"] / 10);
  int total = 0;
  for (const auto& [topic, n] : produced) total += n;
  EXPECT_NEAR(static_cast<double>(consumed) / kReadings, 1.95, 0.001);
  EXPECT_NEAR(static_cast<double>(total) / kReadings, 3.0, 0.01);
}

}  // namespace
}  // namespace e2e
