// Aggregations, windows, grace, late records and emit strategies through the
// test driver (which commits after every record, as Kafka Streams' does).
#include "sluice/kgrouped_stream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sluice/json_serde.h"
#include "sluice/sluice.h"
#include "sluice/testing/topology_test_driver.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using testing::TopologyTestDriver;

KStream<std::string, std::int64_t> numbers(StreamsBuilder& b) {
  return b.stream("in", Consumed::with(Serdes::string(), Serdes::int64()));
}

const auto kOut = Produced::with(Serdes::string(), Serdes::int64());

testing::TestOutputTopic<std::string, std::int64_t> output(
    TopologyTestDriver& driver) {
  return driver.create_output_topic<std::string, std::int64_t>("out");
}

TEST(KGroupedStreamTest, CountForwardsEveryUpdatePerKey) {
  StreamsBuilder b;
  numbers(b)
      .group_by_key()
      .count(Materialized::as("counts"))
      .to_stream()
      .to("out", kOut);
  TopologyTestDriver driver(b.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  for (const char* k : {"a", "b", "a", "a"}) in.pipe_input(k, 0);
  EXPECT_THAT(
      output(driver).read_key_values(),
      ElementsAre(Pair("a", 1), Pair("b", 1), Pair("a", 2), Pair("a", 3)));
}

TEST(KGroupedStreamTest, ReduceCombinesWithTheFirstValueAsIs) {
  StreamsBuilder b;
  numbers(b)
      .group_by_key()
      .reduce([](std::int64_t agg, std::int64_t v) { return std::max(agg, v); })
      .to_stream()
      .to("out", kOut);
  TopologyTestDriver driver(b.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  for (std::int64_t v : {5, 3, 9, 1}) in.pipe_input("k", v);
  EXPECT_THAT(output(driver).read_values(), ElementsAre(5, 5, 9, 9));
}

struct Stats {
  std::int64_t count = 0;
  std::int64_t sum = 0;
  NLOHMANN_DEFINE_TYPE_INTRUSIVE(Stats, count, sum)
};

TEST(KGroupedStreamTest, AggregateIntoAUserTypeWithItsSerde) {
  StreamsBuilder b;
  numbers(b)
      .group_by_key()
      .aggregate([] { return Stats{}; },
                 [](const std::string&, std::int64_t v, const Stats& s) {
                   return Stats{s.count + 1, s.sum + v};
                 },
                 Materialized::as("stats"), json_serde<Stats>())
      .to_stream()
      .map_values([](const Stats& s) { return s.sum * 100 + s.count; })
      .to("out", kOut);
  Topology t = b.build().value();
  EXPECT_THAT(t.describe(), HasSubstr("(stores: [stats])"));
  TopologyTestDriver driver(t);
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  in.pipe_input("k", 4);
  in.pipe_input("k", 6);
  EXPECT_THAT(output(driver).read_values(), ElementsAre(401, 1002));
}

TEST(KGroupedStreamTest, AnAggregateWithoutASerdeFailsToBuild) {
  StreamsBuilder b;
  numbers(b).group_by_key().aggregate(
      [] { return Stats{}; },
      [](const std::string&, std::int64_t, const Stats& s) { return s; });
  auto t = b.build();
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("node KSTREAM-AGGREGATE-"));
  EXPECT_THAT(t.status().message(), HasSubstr("serde for the aggregate"));
}

TEST(KGroupedStreamTest, UnnamedStoresGetStableGeneratedNames) {
  StreamsBuilder b;
  numbers(b).group_by_key().count();
  EXPECT_THAT(
      b.build().value().describe(),
      HasSubstr("(stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])"));
}

// Windowed counts as "key@start:count" strings, for compact assertions.
void windowed_counts_to_out(
    const TimeWindowedKStream<std::string, std::int64_t>& windowed) {
  windowed.count()
      .to_stream()
      .map([](const Windowed<std::string>& w, std::int64_t n) {
        return std::make_pair(w.key, w.key + "@" +
                                         std::to_string(w.window.start_ms) +
                                         "-" + std::to_string(w.window.end_ms) +
                                         ":" + std::to_string(n));
      })
      .to("out");
}

std::vector<std::string> out_values(TopologyTestDriver& driver) {
  return driver.create_output_topic<std::string, std::string>("out")
      .read_values();
}

TEST(WindowedTest, TumblingWindowsSplitAtTheBoundary) {
  StreamsBuilder b;
  windowed_counts_to_out(
      numbers(b).group_by_key().windowed_by(TimeWindows::of_size(5s)));
  TopologyTestDriver driver(b.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  in.pipe_input("k", 0, 0);
  in.pipe_input("k", 0, 4999);
  in.pipe_input("k", 0, 5000);
  EXPECT_THAT(out_values(driver),
              ElementsAre("k@0-5000:1", "k@0-5000:2", "k@5000-10000:1"));
}

TEST(WindowedTest, HoppingWindowsCountARecordInEveryWindowThatHoldsIt) {
  StreamsBuilder b;
  windowed_counts_to_out(numbers(b).group_by_key().windowed_by(
      TimeWindows::of_size(10s).advance_by(5s)));
  TopologyTestDriver driver(b.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  in.pipe_input("k", 0, 7000);
  in.pipe_input("k", 0, 12000);
  EXPECT_THAT(out_values(driver),
              ElementsAre("k@0-10000:1", "k@5000-15000:1", "k@5000-15000:2",
                          "k@10000-20000:1"));
}

TEST(WindowedTest, GraceAcceptsLateRecordsUntilTheWindowCloses) {
  StreamsBuilder b;
  windowed_counts_to_out(numbers(b)
                             .group_by_key()
                             .windowed_by(TimeWindows::of_size(5s).grace(1s))
                             .late_records_to("late"));
  TopologyTestDriver driver(b.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  in.pipe_input("k", 1, 1000);
  in.pipe_input("k", 2, 5500);  // stream time 5500 < 5000 + 1000: [0,5000) open
  in.pipe_input("k", 3, 2000);  // accepted within grace
  in.pipe_input("k", 4, 6000);  // stream time 6000: [0,5000) closes
  in.pipe_input("k", 5, 3000);  // late: not folded in
  EXPECT_THAT(out_values(driver), ElementsAre("k@0-5000:1", "k@5000-10000:1",
                                              "k@0-5000:2", "k@5000-10000:2"));
  EXPECT_EQ(metric_sum(driver.metrics(), "late-records-total"), 1);
  auto late = driver.read_raw("late");
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(Serdes::int64().deserialize(late[0].value), 5);
  EXPECT_EQ(late[0].timestamp_ms, 3000);
  EXPECT_NE(late[0].headers.last_value("sluice.late.node"), nullptr);
}

// Writes an int64 as decimal text; throws for negative numbers.
Serde<std::int64_t> decimal_serde() {
  return Serde<std::int64_t>::from(
      "decimal",
      [](std::int64_t v, std::string& out) {
        if (v < 0) throw std::invalid_argument("negative");
        out += std::to_string(v);
      },
      [](std::optional<std::string_view> bytes) {
        return std::stoll(std::string(bytes.value_or("0")));
      });
}

TEST(WindowedTest, LateRecordsCanBeWrittenWithTheirOwnSerdes) {
  StreamsBuilder b;
  b.stream("in", Consumed::with(Serdes::string(), Serdes::int64()))
      .map_values([](std::int64_t v) { return v * 10; })
      .group_by_key()
      .windowed_by(TimeWindows::of_size(5s))
      .late_records_to("late",
                       Produced::with(Serdes::string(), decimal_serde()))
      .count();
  TopologyTestDriver driver(b.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  in.pipe_input("k", 1, 1000);
  in.pipe_input("k", 2, 6000);  // [0,5000) closes (no grace)
  Headers headers{{"h", "x"}};
  in.pipe_input("k", 3, 2000, headers);  // late

  EXPECT_EQ(metric_sum(driver.metrics(), "late-records-total"), 1);
  auto late = driver.read_raw("late");
  ASSERT_EQ(late.size(), 1u);
  // The record as the window node saw it (mapped), through the given serdes.
  EXPECT_EQ(late[0].key, "k");
  EXPECT_EQ(late[0].value, "30");
  EXPECT_EQ(late[0].timestamp_ms, 2000);
  ASSERT_NE(late[0].headers.last_value("h"), nullptr);
  EXPECT_EQ(*late[0].headers.last_value("h"), "x");
  EXPECT_NE(late[0].headers.last_value("sluice.late.node"), nullptr);
}

TEST(WindowedTest, ALateRecordItsSerdeCannotWriteIsCountedAndDeadLettered) {
  StreamsBuilder b;
  numbers(b)
      .group_by_key()
      .windowed_by(TimeWindows::of_size(5s))
      .late_records_to("late",
                       Produced::with(Serdes::string(), decimal_serde()))
      .count();
  TopologyTestDriver driver(b.build().value(),
                            {{"processing.exception.handler", "dead_letter"},
                             {"errors.dead.letter.queue.topic.name", "dlq"}});
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  in.pipe_input("k", 1, 6000);
  in.pipe_input("k", -1, 1000);  // late, and its value cannot be written

  EXPECT_EQ(metric_sum(driver.metrics(), "late-records-total"), 1);
  EXPECT_TRUE(driver.read_raw("late").empty());
  auto dlq = driver.read_raw("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(Serdes::int64().deserialize(dlq[0].value), -1);  // input bytes
}

TEST(WindowedTest, EmitFinalForwardsOneResultPerWindowWhenItCloses) {
  StreamsBuilder b;
  windowed_counts_to_out(numbers(b)
                             .group_by_key()
                             .windowed_by(TimeWindows::of_size(5s).grace(1s))
                             .emit_final());
  TopologyTestDriver driver(b.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  auto other = [&](std::int64_t ts) { in.pipe_input("other", 0, ts); };
  in.pipe_input("k", 0, 1000);
  in.pipe_input("k", 0, 2000);
  other(5999);
  EXPECT_TRUE(out_values(driver).empty());  // 5999 < 5000 + 1000
  other(6000);
  EXPECT_THAT(out_values(driver), ElementsAre("k@0-5000:2"));
  other(12000);  // closes [5000,10000) for "other" (2 records)
  EXPECT_THAT(out_values(driver), ElementsAre("other@5000-10000:2"));
}

TEST(WindowedTest, NegativeTimestampsGoToTheErrorPolicy) {
  StreamsBuilder b;
  windowed_counts_to_out(
      numbers(b).group_by_key().windowed_by(TimeWindows::of_size(5s)));
  TopologyTestDriver driver(b.build().value(),
                            {{"processing.exception.handler", "dead_letter"},
                             {"errors.dead.letter.queue.topic.name", "dlq"}});
  driver.create_input_topic<std::string, std::int64_t>("in").pipe_input("k", 0,
                                                                        -5);
  auto dlq = driver.read_raw("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_THAT(*dlq[0].headers.last_value(kDlqHeaderMessage),
              HasSubstr("invalid record timestamp"));
}

TEST(WindowedTest, WindowsForComputesAlignedWindows) {
  const auto hopping = TimeWindows::of_size(10s).advance_by(3s);
  EXPECT_THAT(hopping.windows_for(9000),
              ElementsAre(Window{0, 10000}, Window{3000, 13000},
                          Window{6000, 16000}, Window{9000, 19000}));
  EXPECT_THAT(TimeWindows::of_size(5s).windows_for(0),
              ElementsAre(Window{0, 5000}));
  EXPECT_THROW(TimeWindows::of_size(5s).advance_by(6s), std::invalid_argument);
  EXPECT_THROW(TimeWindows::of_size(0s), std::invalid_argument);
}

TEST(WindowedTest, WindowedSerdeUsesKafkaStreamsLayout) {
  auto serde = windowed_serde(Serdes::string(), 5000);
  std::string bytes;
  serde.serialize(Windowed<std::string>{"ab", {256, 5256}}, bytes);
  EXPECT_EQ(bytes, std::string("ab\0\0\0\0\0\0\x01\x00", 10));
  EXPECT_EQ(serde.deserialize(std::string_view(bytes)),
            (Windowed<std::string>{"ab", {256, 5256}}));
}

// A processor that emits how many records it saw, on stream time and on
// wall-clock time.
class Ticker
    : public Processor<std::string, std::int64_t, std::string, std::int64_t> {
 public:
  void init(ProcessorContext<std::string, std::int64_t>& c) override {
    c.schedule(
        10'000, PunctuationType::kStreamTime, [this, &c](std::int64_t t) {
          c.forward(Record<std::string, std::int64_t>("stream", seen_, t));
        });
    c.schedule(1'000, PunctuationType::kWallClockTime,
               [this, &c](std::int64_t t) {
                 c.forward(Record<std::string, std::int64_t>("wall", seen_, t));
               });
  }
  void process(Record<std::string, std::int64_t>) override { ++seen_; }

 private:
  std::int64_t seen_ = 0;
};

TEST(PunctuationTest, StreamTimeAndWallClockPunctuationsFire) {
  StreamsBuilder b;
  numbers(b).process([] { return std::make_unique<Ticker>(); }).to("out", kOut);
  TopologyTestDriver driver(b.build().value());
  auto in = driver.create_input_topic<std::string, std::int64_t>("in");
  auto out = driver.create_output_topic<std::string, std::int64_t>("out");
  in.pipe_input("k", 0, 0);  // schedules at stream time 0 -> first at 10000
  in.pipe_input("k", 0, 9999);
  EXPECT_TRUE(out.is_empty());
  in.pipe_input("k", 0, 25000);  // fires once, not once per missed interval
  EXPECT_THAT(out.read_key_values(), ElementsAre(Pair("stream", 3)));
  driver.advance_wall_clock_time(999ms);
  EXPECT_TRUE(out.is_empty());
  driver.advance_wall_clock_time(1ms);
  EXPECT_THAT(out.read_key_values(), ElementsAre(Pair("wall", 3)));
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

TEST(TimestampExtractorTest, EventTimeComesFromTheValueAndDrivesWindows) {
  StreamsBuilder b;
  // The value is the event time in seconds.
  auto in = b.stream("in", Consumed::with(Serdes::string(), Serdes::int64())
                               .with_timestamp_extractor(
                                   [](const std::string&, const std::int64_t& v,
                                      std::int64_t) { return v * 1000; }));
  windowed_counts_to_out(
      in.group_by_key().windowed_by(TimeWindows::of_size(5s)));
  TopologyTestDriver driver(
      b.build().value(),
      {{"default.deserialization.exception.handler", "dead_letter"},
       {"errors.dead.letter.queue.topic.name", "dlq"}});
  auto topic = driver.create_input_topic<std::string, std::int64_t>("in");
  topic.pipe_input("k", 7, 999'999);  // the record timestamp is ignored
  topic.pipe_input("k", -1, 1000);    // negative event time: dead-lettered
  EXPECT_THAT(out_values(driver), ElementsAre("k@5000-10000:1"));
  auto dlq = driver.read_raw("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(*dlq[0].headers.last_value(kDlqHeaderReason),
            "deserialization_error");
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

TEST(GroupByTest, RepartitionsByTheNewKeyThroughAnInternalTopic) {
  StreamsBuilder b;
  b.stream("lines", Consumed::with(Serdes::string(), Serdes::string()))
      .flat_map_values([](const std::string& line) {
        std::vector<std::string> words;
        std::stringstream in(line);
        for (std::string w; in >> w;) words.push_back(w);
        return words;
      })
      .group_by(
          [](const std::string&, const std::string& word) { return word; },
          Grouped::with(Serdes::string(), Serdes::string(), "words"))
      .count(Materialized::as("word-counts"))
      .to_stream()
      .to("out", kOut);
  Topology t = b.build().value();
  EXPECT_THAT(
      t.describe(),
      HasSubstr("Sink: KSTREAM-SINK-0000000003 (topic: words-repartition)"));
  EXPECT_THAT(t.describe(), HasSubstr("Sub-topology: 1"));
  TopologyTestDriver driver(t, {{"application.id", "wc"}});
  auto in = driver.create_input_topic<std::string, std::string>("lines");
  in.pipe_input("l1", "a b a");
  in.pipe_input("l2", "b");
  EXPECT_THAT(
      output(driver).read_key_values(),
      ElementsAre(Pair("a", 1), Pair("b", 1), Pair("a", 2), Pair("b", 2)));
  // The records really went through the prefixed repartition topic.
  EXPECT_EQ(driver.read_raw("wc-words-repartition").size(), 4u);
}

}  // namespace
}  // namespace sluice
