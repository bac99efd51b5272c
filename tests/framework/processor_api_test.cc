// The Processor API escape hatch: whole-record access and forwarding.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sluice/processor.h"
#include "sluice/sluice.h"
#include "sluice/testing/topology_test_driver.h"

namespace sluice {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using testing::TopologyTestDriver;

// Splits "a,b,c" into one record per item; items starting with '!' go only
// to the child named "alerts". Output values carry the input's offset.
class Splitter
    : public Processor<std::string, std::string, std::string, std::string> {
 public:
  void init(ProcessorContext<std::string, std::string>& context) override {
    context_ = &context;
  }
  void process(Record<std::string, std::string> record) override {
    std::string item;
    std::stringstream in(record.value());
    while (std::getline(in, item, ',')) {
      auto out = Record<std::string, std::string>(record).with_value(
          item + "@" + std::to_string(record.offset()));
      if (!item.empty() && item[0] == '!') {
        context_->forward(std::move(out), "alerts");
      } else {
        context_->forward(std::move(out));
      }
    }
  }

 private:
  ProcessorContext<std::string, std::string>* context_ = nullptr;
};

TEST(ProcessorApiTest, ForwardsManyRecordsAndToANamedChild) {
  StreamsBuilder builder;
  auto items = builder.stream<std::string, std::string>("in").process(
      [] { return std::make_unique<Splitter>(); });
  items.peek([](const auto&, const auto&) {}, Named::as("alerts"))
      .to("alerts-out");
  items.to("all-out");
  TopologyTestDriver driver(builder.build().value());
  driver.create_input_topic<std::string, std::string>("in").pipe_input(
      "k", "a,!b,c");
  // Plain forwards reach every child; "!b" reached only the one named alerts.
  auto all_out =
      driver.create_output_topic<std::string, std::string>("all-out");
  auto alerts_out =
      driver.create_output_topic<std::string, std::string>("alerts-out");
  EXPECT_THAT(all_out.read_values(), ElementsAre("a@0", "c@0"));
  EXPECT_THAT(alerts_out.read_values(), ElementsAre("a@0", "!b@0", "c@0"));
}

TEST(ProcessorApiTest, ForwardingToAnUnknownChildIsAProcessingError) {
  struct Bad : Processor<std::string, std::string, std::string, std::string> {
    void init(ProcessorContext<std::string, std::string>& c) override {
      c_ = &c;
    }
    void process(Record<std::string, std::string> r) override {
      c_->forward(std::move(r), "nope");
    }
    ProcessorContext<std::string, std::string>* c_ = nullptr;
  };
  StreamsBuilder builder;
  builder.stream<std::string, std::string>("in")
      .process([] { return std::make_unique<Bad>(); })
      .to("out");
  TopologyTestDriver driver(builder.build().value(),
                            {{"processing.exception.handler", "dead_letter"},
                             {"errors.dead.letter.queue.topic.name", "dlq"}});
  driver.create_input_topic<std::string, std::string>("in").pipe_input("k",
                                                                       "v");
  auto dlq = driver.read_raw("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_THAT(*dlq[0].headers.last_value(kDlqHeaderMessage),
              ::testing::HasSubstr("no child named nope"));
}

TEST(ProcessorApiTest, OneProcessorInstancePerTaskWithTaskIdentity) {
  struct Tagger
      : Processor<std::string, std::string, std::string, std::string> {
    void init(ProcessorContext<std::string, std::string>& c) override {
      c_ = &c;
    }
    void process(Record<std::string, std::string> r) override {
      ++count_;
      c_->forward(std::move(r).with_value(std::string(c_->application_id()) +
                                          "/" + c_->task_id() + "/" +
                                          std::to_string(count_)));
    }
    ProcessorContext<std::string, std::string>* c_ = nullptr;
    int count_ = 0;
  };
  StreamsBuilder builder;
  builder.stream<std::string, std::string>("in")
      .process([] { return std::make_unique<Tagger>(); })
      .to("out");
  TopologyTestDriver driver(builder.build().value(),
                            {{"application.id", "tagger"}});
  auto in = driver.create_input_topic<std::string, std::string>("in");
  in.pipe_input("a", "");
  in.pipe_input("b", "");
  auto out = driver.create_output_topic<std::string, std::string>("out");
  EXPECT_THAT(out.read_key_values(), ElementsAre(Pair("a", "tagger/0_0/1"),
                                                 Pair("b", "tagger/0_0/2")));
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// Forwards only the first record of each key, remembering keys in a store.
class Dedup
    : public Processor<std::string, std::string, std::string, std::string> {
 public:
  void init(ProcessorContext<std::string, std::string>& c) override {
    context_ = &c;
    seen_.emplace(c.key_value_store<std::string, std::int64_t>("seen"));
  }
  void process(Record<std::string, std::string> r) override {
    if (seen_->get(r.key())) return;
    seen_->put(r.key(), r.timestamp());
    context_->forward(std::move(r));
  }

 private:
  ProcessorContext<std::string, std::string>* context_ = nullptr;
  std::optional<KeyValueStore<std::string, std::int64_t>> seen_;
};

TEST(ProcessorApiTest, ProcessorsUseDeclaredStores) {
  StreamsBuilder builder;
  builder.add_state_store(Materialized::as("seen"));
  builder.stream<std::string, std::string>("in")
      .process([] { return std::make_unique<Dedup>(); }, Named::as("dedup"),
               {"seen"})
      .to("out");
  Topology t = builder.build().value();
  EXPECT_THAT(t.describe(),
              ::testing::HasSubstr("Processor: dedup (stores: [seen])"));
  TopologyTestDriver driver(t);
  auto in = driver.create_input_topic<std::string, std::string>("in");
  for (const char* k : {"a", "b", "a", "c", "b"}) in.pipe_input(k, "v");
  auto out = driver.create_output_topic<std::string, std::string>("out");
  EXPECT_THAT(out.read_key_values(),
              ElementsAre(Pair("a", "v"), Pair("b", "v"), Pair("c", "v")));
}

TEST(ProcessorApiTest, AnUndeclaredStoreFailsToBuild) {
  StreamsBuilder builder;
  builder.stream<std::string, std::string>("in").process(
      [] { return std::make_unique<Dedup>(); }, Named::as("dedup"),
      {"missing"});
  auto t = builder.build();
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(),
              ::testing::HasSubstr("node dedup: unknown store missing"));
}

}  // namespace
}  // namespace sluice
