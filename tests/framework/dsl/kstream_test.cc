// Every stateless KStream operator, through the TopologyTestDriver.
#include "sluice/kstream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sluice/sluice.h"
#include "sluice/testing/topology_test_driver.h"

namespace sluice {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using testing::TopologyTestDriver;

using KV = std::pair<std::string, std::string>;

class KStreamTest : public ::testing::Test {
 protected:
  KStream<std::string, std::string> input() {
    return builder_.stream("in",
                           Consumed::with(Serdes::string(), Serdes::string()));
  }
  // Builds, pipes `records` into "in" and returns what reached "out".
  std::vector<KV> run(const std::vector<KV>& records) {
    driver_ = std::make_unique<TopologyTestDriver>(builder_.build().value());
    auto in = driver_->create_input_topic<std::string, std::string>("in");
    auto out = driver_->create_output_topic<std::string, std::string>("out");
    in.pipe_key_values(records);
    return out.read_key_values();
  }
  // A task-level metric (the driver also has per-node ones).
  double metric(std::string_view name) const {
    return group_metric_sum(driver_->metrics(), "stream-task-metrics", name);
  }

  StreamsBuilder builder_;
  std::unique_ptr<TopologyTestDriver> driver_;
};

TEST_F(KStreamTest, FilterKeepsMatchingRecordsAndCountsTheRest) {
  input()
      .filter(
          [](const std::string&, const std::string& v) { return v.size() > 1; })
      .to("out");
  EXPECT_THAT(run({{"a", "x"}, {"b", "yy"}, {"c", "zzz"}}),
              ElementsAre(Pair("b", "yy"), Pair("c", "zzz")));
  EXPECT_EQ(metric("process-total"), 3);
  EXPECT_EQ(metric("dropped-records-total"), 1);
}

TEST_F(KStreamTest, FilterNotDropsMatchingRecords) {
  input()
      .filter_not(
          [](const std::string& k, const std::string&) { return k == "b"; })
      .to("out");
  EXPECT_THAT(run({{"a", "1"}, {"b", "2"}, {"c", "3"}}),
              ElementsAre(Pair("a", "1"), Pair("c", "3")));
}

TEST_F(KStreamTest, MapValuesDeducesTheNewValueType) {
  input()
      .map_values([](const std::string& v) {
        return static_cast<std::int64_t>(v.size());
      })
      .map_values([](const std::string& k, std::int64_t n) {
        return k + ":" + std::to_string(n);
      })
      .to("out");
  EXPECT_THAT(run({{"a", "xyz"}, {"b", ""}}),
              ElementsAre(Pair("a", "a:3"), Pair("b", "b:0")));
}

TEST_F(KStreamTest, MapChangesKeyAndValue) {
  input()
      .map([](const std::string& k, const std::string& v) {
        return std::make_pair(v, k);
      })
      .to("out");
  EXPECT_THAT(run({{"k1", "v1"}}), ElementsAre(Pair("v1", "k1")));
}

TEST_F(KStreamTest, MapToOtherTypesUsesTheirSerdes) {
  input()
      .map([](const std::string& k, const std::string& v) {
        return std::make_pair(static_cast<std::int64_t>(k.size()),
                              static_cast<double>(v.size()) / 2);
      })
      .to("out", Produced::with(Serdes::int64(), Serdes::float64()));
  driver_ = std::make_unique<TopologyTestDriver>(builder_.build().value());
  auto in = driver_->create_input_topic<std::string, std::string>("in");
  auto out = driver_->create_output_topic<std::int64_t, double>("out");
  in.pipe_input("abc", "12345");
  EXPECT_THAT(out.read_key_values(), ElementsAre(Pair(3, 2.5)));
}

TEST_F(KStreamTest, SelectKeyKeepsTheValue) {
  input()
      .select_key([](const std::string&, const std::string& v) {
        return v.substr(0, 1);
      })
      .to("out");
  EXPECT_THAT(run({{"k", "hello"}}), ElementsAre(Pair("h", "hello")));
}

TEST_F(KStreamTest, FlatMapEmitsEachPairAndCountsEmptyResultsAsDrops) {
  input()
      .flat_map([](const std::string& k, const std::string& v) {
        std::vector<std::pair<std::string, std::string>> out;
        for (char c : v) out.emplace_back(k, std::string(1, c));
        return out;
      })
      .to("out");
  EXPECT_THAT(run({{"a", "xy"}, {"b", ""}}),
              ElementsAre(Pair("a", "x"), Pair("a", "y")));
  EXPECT_EQ(metric("dropped-records-total"), 1);
}

TEST_F(KStreamTest, FlatMapValuesKeepsTheKey) {
  input()
      .flat_map_values([](const std::string& v) {
        return std::vector<std::string>{v, v + v};
      })
      .to("out");
  EXPECT_THAT(run({{"k", "a"}}), ElementsAre(Pair("k", "a"), Pair("k", "aa")));
}

TEST_F(KStreamTest, PeekSeesEveryRecordAndPassesItOn) {
  std::vector<std::string> seen;
  input()
      .peek([&seen](const std::string& k, const std::string&) {
        seen.push_back(k);
      })
      .to("out");
  EXPECT_THAT(run({{"a", "1"}, {"b", "2"}}),
              ElementsAre(Pair("a", "1"), Pair("b", "2")));
  EXPECT_THAT(seen, ElementsAre("a", "b"));
}

TEST_F(KStreamTest, ForeachIsTerminal) {
  std::vector<std::string> seen;
  input().foreach ([&seen](const std::string& k, const std::string& v) {
    seen.push_back(k + v);
  });
  EXPECT_TRUE(run({{"a", "1"}, {"b", "2"}}).empty());
  EXPECT_THAT(seen, ElementsAre("a1", "b2"));
}

TEST_F(KStreamTest, MergeInterleavesTwoStreamsInArrivalOrder) {
  auto a = input();
  auto b = builder_.stream("in2",
                           Consumed::with(Serdes::string(), Serdes::string()));
  a.merge(b).to("out");
  driver_ = std::make_unique<TopologyTestDriver>(builder_.build().value());
  auto in1 = driver_->create_input_topic<std::string, std::string>("in");
  auto in2 = driver_->create_input_topic<std::string, std::string>("in2");
  auto out = driver_->create_output_topic<std::string, std::string>("out");
  in1.pipe_input("a", "1");
  in2.pipe_input("b", "2");
  in1.pipe_input("c", "3");
  EXPECT_THAT(out.read_key_values(),
              ElementsAre(Pair("a", "1"), Pair("b", "2"), Pair("c", "3")));
}

TEST_F(KStreamTest, RecordsKeepTimestampAndHeadersThroughOperators) {
  input().map_values([](const std::string& v) { return v + "!"; }).to("out");
  driver_ = std::make_unique<TopologyTestDriver>(builder_.build().value());
  auto in = driver_->create_input_topic<std::string, std::string>("in");
  auto out = driver_->create_output_topic<std::string, std::string>("out");
  in.pipe_input("k", "v", 1234, Headers{{"h", "x"}});
  Record<std::string, std::string> r = out.read_record();
  EXPECT_EQ(r.value(), "v!");
  EXPECT_EQ(r.timestamp(), 1234);
  ASSERT_NE(r.headers().last_value("h"), nullptr);
  EXPECT_EQ(*r.headers().last_value("h"), "x");
}

// A value that counts its copies.
struct Counted {
  Counted() = default;
  explicit Counted(std::string t) : text(std::move(t)) {}
  Counted(const Counted& other) : text(other.text) { ++copies; }
  Counted(Counted&&) noexcept = default;
  Counted& operator=(const Counted& other) {
    text = other.text;
    ++copies;
    return *this;
  }
  Counted& operator=(Counted&&) noexcept = default;
  ~Counted() = default;

  std::string text;
  static inline int copies = 0;
};

Serde<Counted> counted_serde() {
  return Serde<Counted>::from(
      "counted", [](const Counted& c, std::string& out) { out += c.text; },
      [](std::optional<std::string_view> bytes) {
        return Counted(std::string(bytes.value_or("")));
      });
}

TEST_F(KStreamTest, MappersTakingValuesByValueGetThemMovedNotCopied) {
  builder_.stream("in", Consumed::with(Serdes::string(), counted_serde()))
      .map_values([](Counted c) {
        c.text += "!";
        return c;
      })
      .map([](std::string k, Counted c) {
        c.text += k;
        return std::make_pair(std::move(k), std::move(c));
      })
      .to("out", Produced::with(Serdes::string(), counted_serde()));
  driver_ = std::make_unique<TopologyTestDriver>(builder_.build().value());
  auto in = driver_->create_input_topic<std::string, std::string>("in");
  auto out = driver_->create_output_topic<std::string, std::string>("out");
  Counted::copies = 0;
  in.pipe_input("k", "v");
  EXPECT_EQ(Counted::copies, 0);
  EXPECT_THAT(out.read_values(), ElementsAre("v!k"));
}

TEST_F(KStreamTest, OperatorsSeeTheSourcePosition) {
  std::vector<std::string> where;
  builder_.stream("in", Consumed::with(Serdes::string(), Serdes::string()))
      .process([&where] {
        struct P
            : Processor<std::string, std::string, std::string, std::string> {
          explicit P(std::vector<std::string>* w) : w_(w) {}
          void process(Record<std::string, std::string> r) override {
            w_->push_back(std::string(r.topic()) + "/" +
                          std::to_string(r.partition()) + "/" +
                          std::to_string(r.offset()));
          }
          std::vector<std::string>* w_;
        };
        return std::make_unique<P>(&where);
      });
  run({{"a", "1"}, {"b", "2"}});
  EXPECT_THAT(where, ElementsAre("in/0/0", "in/0/1"));
}

TEST_F(KStreamTest, ThroughTopicFeedsTheNextSubtopology) {
  input().map_values([](const std::string& v) { return v + "1"; }).to("mid");
  builder_.stream("mid", Consumed::with(Serdes::string(), Serdes::string()))
      .map_values([](const std::string& v) { return v + "2"; })
      .to("out");
  EXPECT_THAT(run({{"k", "v"}}), ElementsAre(Pair("k", "v12")));
}

TEST(KStreamBuildTest, TheBuilderIsFrozenAfterBuild) {
  StreamsBuilder builder;
  auto s =
      builder.stream("in", Consumed::with(Serdes::string(), Serdes::string()));
  s.to("out");
  ASSERT_TRUE(builder.build().ok());
  EXPECT_THROW(s.to("other"), TopologyError);
}

}  // namespace
}  // namespace sluice
