#include "traffic/topology.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sluice/sluice.h"
#include "sluice/testing/topology_test_driver.h"
#include "traffic/core/iso8601.h"
#include "traffic/core/reason_set.h"
#include "traffic/core/window_aggregate.h"
#include "traffic/dead_letter.h"

namespace traffic {
namespace {

using Json = nlohmann::ordered_json;
using sluice::testing::RawTestRecord;
using sluice::testing::TopologyTestDriver;

constexpr std::int64_t kMinute = 60'000;
// 2026-11-23T14:00:00Z, a window boundary.
constexpr std::int64_t kT0 = 1795442400000;
constexpr std::int64_t kProcessedAt = 1795442999000;

std::string reading(const std::string& sensor, std::int64_t event_ms,
                    double speed, double volume = 1200) {
  Json j;
  j["sensor_id"] = sensor;
  j["timestamp"] = format_iso8601_ms(event_ms);
  j["traffic_data"] = {{"speed_mph", speed},
                       {"volume_vehicles_per_hour", volume}};
  j["location"] = {{"highway", "I-405"}, {"direction", "N"}, {"lanes", 4}};
  j["weather"] = {{"condition", "clear"}};
  return j.dump();
}

struct Fixture {
  explicit Fixture(TopologyOptions o = options())
      : metrics(std::make_shared<AppMetrics>()),
        topology(build_topology(o, metrics)),
        driver(topology) {}

  static TopologyOptions options() {
    TopologyOptions o;
    o.late_topic = "traffic-late";
    o.decode.wall_clock_ms = [] { return kProcessedAt; };
    return o;
  }

  // Pipes a record whose record timestamp (the validation clock) is
  // `sent_ms`.
  void pipe(std::optional<std::string> key, std::optional<std::string> value,
            std::int64_t sent_ms, sluice::Headers headers = {}) {
    driver.pipe_raw("traffic-raw",
                    RawTestRecord{std::move(key), std::move(value), sent_ms,
                                  std::move(headers)});
  }

  std::shared_ptr<AppMetrics> metrics;
  sluice::Topology topology;
  TopologyTestDriver driver;
};

std::string header(const sluice::Headers& headers, std::string_view key) {
  const std::string* value = headers.last_value(key);
  return value != nullptr ? *value : "<absent>";
}

TEST(traffic_topology, DescribeShowsEveryStep) {
  Fixture f;
  const std::string text = f.topology.describe();
  for (const char* part :
       {"Source: traffic-raw-source (topics: [traffic-raw])",
        "decode-validate-flatten", "readings-valid", "readings-invalid",
        "Sink: traffic-dlq-sink (topic: traffic-dlq)",
        "Sink: traffic-events-sink (topic: traffic-events)",
        "sensor-readings-repartition", "stores: [sensor-windows]",
        "Sink: traffic-aggregates-sink (topic: traffic-aggregates)"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
  }
}

TEST(traffic_topology, ValidReadingIsFlattenedKeyedAndTimestampedByEvent) {
  Fixture f;
  const std::string value = reading("717445", kT0 + 1000, 31.6, 2203);
  f.pipe(std::nullopt, value, kT0 + 1500, {{"trace", "abc"}});

  auto out = f.driver.read_raw("traffic-events");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].key, "717445");
  EXPECT_EQ(out[0].timestamp_ms, kT0 + 1000);
  EXPECT_EQ(header(out[0].headers, "trace"), "abc");
  const Json json = Json::parse(*out[0].value);
  EXPECT_EQ(json["sensor_id"], "717445");
  EXPECT_EQ(json["speed"], 31.6);
  EXPECT_EQ(json["volume"], 2203);
  EXPECT_EQ(json["processed_at"], format_iso8601_ms(kProcessedAt));
  EXPECT_EQ(json["processor_id"], "stream-processor-client");
  EXPECT_EQ(json["validation_status"], "valid");
  EXPECT_EQ(f.driver.queued("traffic-dlq"), 0u);
  EXPECT_EQ(f.metrics->readings(), 1u);
  EXPECT_EQ(f.metrics->valid(), 1u);
}

TEST(traffic_topology, InvalidReadingKeepsItsBytesAndGetsReasonHeaders) {
  Fixture f;
  std::string value = reading("717445", kT0, 250);  // speed out of range
  value.insert(value.find("\"location\""), "\"x\":1,");
  f.pipe("some-key", value, kT0 + 500, {{"trace", "abc"}});

  ASSERT_EQ(f.driver.queued("traffic-events"), 0u);
  auto out = f.driver.read_raw("traffic-dlq");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].key, "some-key");
  EXPECT_EQ(out[0].value, value);  // untouched, byte for byte
  EXPECT_EQ(out[0].timestamp_ms, kT0 + 500);
  const sluice::Headers& h = out[0].headers;
  EXPECT_EQ(header(h, "trace"), "abc");  // the input's headers are kept
  EXPECT_EQ(header(h, kReasonsHeader), "speed_out_of_range");
  EXPECT_EQ(header(h, kSourceTopicHeader), "traffic-raw");
  EXPECT_EQ(header(h, kSourcePartitionHeader), "0");
  EXPECT_EQ(header(h, kSourceOffsetHeader), "0");
  EXPECT_EQ(header(h, kSourceTimestampHeader), std::to_string(kT0 + 500));
  const Json envelope = Json::parse(header(h, kErrorHeader));
  EXPECT_EQ(envelope["reasons"], Json::array({"speed_out_of_range"}));
  EXPECT_EQ(envelope["source"]["topic"], "traffic-raw");
  EXPECT_EQ(envelope["source"]["offset"], 0);
  EXPECT_EQ(envelope["original"]["value_bytes"], value.size());
  EXPECT_EQ(envelope["processor_id"], "stream-processor-client");
  EXPECT_EQ(f.metrics->dead_lettered(), 1u);
  EXPECT_EQ(f.metrics->dead_letter_reasons(),
            (std::map<std::string, std::uint64_t>{{"speed_out_of_range", 1}}));
}

TEST(traffic_topology, TombstoneAndGarbageAreDeadLettered) {
  Fixture f;
  f.pipe(std::nullopt, std::nullopt, kT0);
  f.pipe("k", "{not json", kT0);
  auto out = f.driver.read_raw("traffic-dlq");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(header(out[0].headers, kReasonsHeader), "empty_value");
  const Json envelope = Json::parse(header(out[0].headers, kErrorHeader));
  EXPECT_EQ(envelope["original"]["key_null"], true);
  EXPECT_EQ(envelope["original"]["value_null"], true);
  EXPECT_EQ(header(out[1].headers, kReasonsHeader), "malformed_json");
  EXPECT_EQ(out[1].value, "{not json");
}

TEST(traffic_topology, SeveralReasonsAreAllReported) {
  Fixture f;
  Json j = Json::parse(reading("717445", kT0, 250, 20000));
  j["location"]["direction"] = "NE";
  j["location"].erase("lanes");
  f.pipe(std::nullopt, j.dump(), kT0);
  auto out = f.driver.read_raw("traffic-dlq");
  ASSERT_EQ(out.size(), 1u);
  const auto reasons = ReasonSet::from_codes(
      Json::parse(header(out[0].headers, kErrorHeader))["reasons"]);
  ASSERT_TRUE(reasons);
  EXPECT_EQ(reasons->to_string(), header(out[0].headers, kReasonsHeader));
  EXPECT_EQ(reasons->size(), 4u) << reasons->to_string();
}

TEST(traffic_topology, ValidationClockIsTheRecordTimestampByDefault) {
  Fixture f;
  // Event time 10 minutes after the record was sent: in the future.
  f.pipe("717445", reading("717445", kT0 + 10 * kMinute, 50), kT0);
  // Against the wall clock (kProcessedAt, ~10 min later) it is fine.
  TopologyOptions wall = Fixture::options();
  wall.decode.clock = ValidationClock::kWall;
  Fixture g(wall);
  g.pipe("717445", reading("717445", kT0 + 10 * kMinute, 50), kT0);
  auto dlq = f.driver.read_raw("traffic-dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(header(dlq[0].headers, kReasonsHeader), "timestamp_in_future");
  EXPECT_EQ(g.driver.queued("traffic-events"), 1u);
}

// Reads traffic-aggregates as JSON objects.
std::vector<Json> aggregates(TopologyTestDriver& driver) {
  std::vector<Json> out;
  for (const RawTestRecord& r : driver.read_raw("traffic-aggregates")) {
    Json j = Json::parse(*r.value);
    EXPECT_EQ(r.key, j["sensor_id"].get<std::string>());
    out.push_back(std::move(j));
  }
  return out;
}

TEST(traffic_topology, WindowsEmitOneFinalResultPerSensorAndWindow) {
  Fixture f;
  f.pipe("a", reading("a", kT0 + 10'000, 30, 1000), kT0 + 10'100);
  f.pipe("b", reading("b", kT0 + 20'000, 60, 3000), kT0 + 20'100);
  f.pipe("a", reading("a", kT0 + 4 * kMinute, 50, 2000), kT0 + 4 * kMinute);
  // Window [T0, T0+5m) is open until stream time reaches T0+6m.
  f.pipe("b", reading("b", kT0 + 5 * kMinute, 61, 3000), kT0 + 5 * kMinute);
  EXPECT_TRUE(aggregates(f.driver).empty());
  f.pipe("b", reading("b", kT0 + 6 * kMinute, 62, 3000), kT0 + 6 * kMinute);

  std::vector<Json> out = aggregates(f.driver);
  ASSERT_EQ(out.size(), 2u);
  std::sort(out.begin(), out.end(), [](const Json& x, const Json& y) {
    return x["sensor_id"] < y["sensor_id"];
  });
  WindowAggregate a;
  Reading r;
  r.speed_mph = 30;
  r.volume_vph = 1000;
  r.event_time_ms = kT0 + 10'000;
  a.add(r);
  r.speed_mph = 50;
  r.volume_vph = 2000;
  r.event_time_ms = kT0 + 4 * kMinute;
  a.add(r);
  EXPECT_EQ(out[0]["window_start"], format_iso8601_ms(kT0));
  EXPECT_EQ(out[0]["window_end"], format_iso8601_ms(kT0 + 5 * kMinute));
  EXPECT_EQ(out[0]["count"], 2);
  EXPECT_EQ(out[0]["min_speed_mph"], 30);
  EXPECT_EQ(out[0]["avg_speed_mph"], a.average_speed_mph());
  EXPECT_EQ(out[0]["max_speed_mph"], 50);
  EXPECT_EQ(out[0]["total_volume"], 3000);
  EXPECT_EQ(out[0]["congested_count"], 1);
  EXPECT_EQ(out[0]["congested_share"], 0.5);
  EXPECT_EQ(out[0]["congestion_threshold_mph"], 35);
  EXPECT_EQ(out[0]["first_event_time"], format_iso8601_ms(kT0 + 10'000));
  EXPECT_EQ(out[0]["last_event_time"], format_iso8601_ms(kT0 + 4 * kMinute));
  EXPECT_EQ(out[1]["sensor_id"], "b");
  EXPECT_EQ(out[1]["count"], 1);
  EXPECT_EQ(f.metrics->windows_emitted(), 2u);
}

TEST(traffic_topology, LateReadingIsAValidEventCountedAndCopied) {
  Fixture f;
  f.pipe("a", reading("a", kT0 + 1000, 40), kT0 + 1000);
  f.pipe("a", reading("a", kT0 + 7 * kMinute, 40), kT0 + 7 * kMinute);
  ASSERT_EQ(aggregates(f.driver).size(), 1u);  // [T0, T0+5m) closed
  // Event time inside the closed window, sent now: valid but late.
  const std::string late = reading("a", kT0 + 2 * kMinute, 10);
  f.pipe("a", late, kT0 + 7 * kMinute + 1000);

  EXPECT_EQ(f.driver.queued("traffic-events"), 3u);
  EXPECT_EQ(f.driver.queued("traffic-dlq"), 0u);
  auto copies = f.driver.read_raw("traffic-late");
  ASSERT_EQ(copies.size(), 1u);
  // What the window saw, as JSON (the repartition topic's format is binary).
  EXPECT_EQ(copies[0].key, "a");
  EXPECT_EQ(*copies[0].value, R"({"speed":10,"volume":1200,"timestamp":")" +
                                  format_iso8601_ms(kT0 + 2 * kMinute) + "\"}");
  EXPECT_EQ(copies[0].timestamp_ms, kT0 + 2 * kMinute);
  EXPECT_EQ(sluice::metric_sum(f.driver.metrics(), "late-records-total"), 1);
  EXPECT_TRUE(aggregates(f.driver).empty());  // no second result
}

TEST(traffic_topology, WindowSizeGraceAndThresholdAreConfigurable) {
  TopologyOptions o = Fixture::options();
  o.window_size = std::chrono::minutes(15);
  o.window_grace = std::chrono::seconds(0);
  o.congestion_mph = 55;
  Fixture f(o);
  f.pipe("a", reading("a", kT0 + 1000, 50), kT0 + 1000);
  f.pipe("a", reading("a", kT0 + 10 * kMinute, 60), kT0 + 10 * kMinute);
  f.pipe("a", reading("a", kT0 + 15 * kMinute, 60), kT0 + 15 * kMinute);
  std::vector<Json> out = aggregates(f.driver);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["window_end"], format_iso8601_ms(kT0 + 15 * kMinute));
  EXPECT_EQ(out[0]["count"], 2);
  EXPECT_EQ(out[0]["congested_count"], 1);
  EXPECT_EQ(out[0]["congestion_threshold_mph"], 55);
}

// The golden corpus through the whole topology: valid cases come out of
// traffic-events exactly as expected, invalid ones out of traffic-dlq with
// their bytes and exactly the expected reasons.
Json load_corpus(const std::string& name) {
  std::ifstream file(std::string(TRAFFIC_TEST_DATA_DIR) + "/" + name);
  EXPECT_TRUE(file) << name;
  return Json::parse(file);
}

std::string from_hex(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(
        static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return bytes;
}

RawTestRecord corpus_record(const Json& c, std::int64_t now_ms) {
  RawTestRecord r;
  r.timestamp_ms = now_ms;
  if (c.contains("key")) r.key = c["key"].get<std::string>();
  if (c.contains("key_hex")) r.key = from_hex(c["key_hex"]);
  if (c.contains("value")) r.value = c["value"].dump();
  if (c.contains("value_text")) r.value = c["value_text"].get<std::string>();
  if (c.contains("value_hex")) r.value = from_hex(c["value_hex"]);
  return r;
}

TEST(traffic_topology, GoldenCorpusThroughTheTopology) {
  for (const char* file : {"golden_valid.json", "golden_invalid.json"}) {
    const Json corpus = load_corpus(file);
    const std::int64_t now =
        *parse_iso8601_ms(corpus["now"].get<std::string>());
    TopologyOptions o = Fixture::options();
    if (corpus.contains("processed_at")) {
      const std::int64_t at =
          *parse_iso8601_ms(corpus["processed_at"].get<std::string>());
      o.decode.wall_clock_ms = [at] { return at; };
    }
    Fixture f(o);
    for (const Json& c : corpus["cases"]) {
      const RawTestRecord in = corpus_record(c, now);
      f.driver.pipe_raw("traffic-raw", in);
      const std::string name = c["name"];
      if (c.contains("expect_output")) {
        auto out = f.driver.read_raw("traffic-events");
        ASSERT_EQ(out.size(), 1u) << name;
        EXPECT_EQ(Json::parse(*out[0].value), c["expect_output"]) << name;
        EXPECT_EQ(out[0].key, c["expect_output"]["sensor_id"]) << name;
      } else {
        auto out = f.driver.read_raw("traffic-dlq");
        ASSERT_EQ(out.size(), 1u) << name;
        EXPECT_EQ(out[0].value.value_or(""), in.value.value_or("")) << name;
        EXPECT_EQ(out[0].key.value_or(""), in.key.value_or("")) << name;
        const auto expected = ReasonSet::from_codes(c["expect_reasons"]);
        ASSERT_TRUE(expected) << name;
        EXPECT_EQ(header(out[0].headers, kReasonsHeader), expected->to_string())
            << name;
      }
    }
  }
}

}  // namespace
}  // namespace traffic
