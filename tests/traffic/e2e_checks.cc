#include "e2e_checks.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include "traffic/core/iso8601.h"
#include "traffic/core/reading_writer.h"
#include "traffic/dead_letter.h"

namespace traffic::testing {

using Json = nlohmann::json;
using Message = sluice::testing::Message;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::uint64_t seq_of(const Message& m) {
  const auto it = m.headers.find(std::string(kSeqHeader));
  EXPECT_NE(it, m.headers.end()) << "a record without " << kSeqHeader;
  return it == m.headers.end() ? ~0ULL : std::stoull(it->second);
}

void Truth::add(const FeedItem& item) {
  items.emplace(item.seq, item);
  const GeneratedReading& r = item.reading;
  if (!r.expected.empty()) {
    for (const std::string& code : r.expected.codes()) reasons[code] += 1;
    return;
  }
  ++valid;
  if (item.delayed) {
    delayed.insert(item.seq);
    return;
  }
  const WindowKey key{r.truth.sensor_id, r.truth.event_time_ms -
                                             r.truth.event_time_ms % window_ms};
  auto& map = item.closing ? open : windows;
  map.try_emplace(key).first->second.add(r.truth);
}

void expect_same(const WindowAggregate& expected, const WindowResult& got,
                 const std::string& what) {
  EXPECT_EQ(got.count, expected.count()) << what;
  EXPECT_EQ(got.min_speed_mph, expected.min_speed_mph()) << what;
  EXPECT_EQ(got.max_speed_mph, expected.max_speed_mph()) << what;
  EXPECT_NEAR(got.avg_speed_mph, expected.average_speed_mph(),
              1e-9 * expected.average_speed_mph())
      << what;
  EXPECT_NEAR(got.total_volume, expected.total_volume(),
              1e-9 * expected.total_volume())
      << what;
  EXPECT_EQ(got.congested_count, expected.congested_count()) << what;
  EXPECT_EQ(got.congestion_threshold_mph, expected.congestion_threshold_mph())
      << what;
  EXPECT_EQ(got.first_event_ms, expected.first_event_ms()) << what;
  EXPECT_EQ(got.last_event_ms, expected.last_event_ms()) << what;
}

void check_events(const std::vector<Message>& events, const Truth& truth,
                  const std::set<std::string>& processor_ids) {
  for (const Message& m : events) {
    const FeedItem& item = truth.items.at(seq_of(m));
    const Reading& r = item.reading.truth;
    ASSERT_TRUE(item.reading.expected.empty()) << "invalid seq " << item.seq;
    EXPECT_EQ(m.key, r.sensor_id);
    EXPECT_EQ(m.timestamp_ms, r.event_time_ms);
    // Byte for byte what the truth flattens to, at the processed_at the
    // processor chose, by one of the processors that may have written it.
    const Json json = Json::parse(m.value.value_or("null"));
    const std::int64_t processed_at =
        parse_iso8601_ms(json.at("processed_at").get<std::string>()).value();
    const std::string processor = json.at("processor_id").get<std::string>();
    EXPECT_TRUE(processor_ids.count(processor) == 1)
        << "seq " << item.seq << " by unknown processor " << processor;
    std::string expected;
    write_reading_json(r, {processed_at, processor}, &expected);
    EXPECT_EQ(m.value, expected) << "seq " << item.seq;
  }
}

void check_dead_letters(const std::vector<Message>& dlq, const Truth& truth,
                        const std::string& input_topic) {
  for (const Message& m : dlq) {
    const FeedItem& item = truth.items.at(seq_of(m));
    const GeneratedReading& r = item.reading;
    ASSERT_FALSE(r.expected.empty()) << "valid seq " << item.seq;
    // Original bytes (a null key or value comes back empty: see
    // optional_bytes_serde()).
    EXPECT_EQ(m.value.value_or(""), r.value.value_or("")) << item.seq;
    EXPECT_EQ(m.key.value_or(""), r.key.value_or("")) << item.seq;
    EXPECT_EQ(m.timestamp_ms, r.now_ms) << item.seq;
    EXPECT_EQ(m.headers.at(std::string(kReasonsHeader)), r.expected.to_string())
        << item.seq << " " << item.reading.fault;
    EXPECT_EQ(m.headers.at(std::string(kSourceTopicHeader)), input_topic);
    const Json envelope = Json::parse(m.headers.at(std::string(kErrorHeader)));
    EXPECT_EQ(envelope["reasons"].get<std::vector<std::string>>(),
              r.expected.codes());
    EXPECT_EQ(envelope["source"]["offset"].get<std::int64_t>(),
              std::stoll(m.headers.at(std::string(kSourceOffsetHeader))));
    EXPECT_EQ(envelope["original"]["value_null"], !r.value.has_value());
  }
}

void check_windows(const std::vector<Message>& aggregates, const Truth& truth) {
  std::set<WindowKey> seen;
  for (const Message& m : aggregates) {
    const std::optional<WindowResult> w =
        parse_window_result(m.value.value_or(""));
    ASSERT_TRUE(w) << m.value.value_or("<null>");
    EXPECT_EQ(m.key, w->sensor_id);
    const WindowKey key{w->sensor_id, w->window_start_ms};
    EXPECT_TRUE(seen.insert(key).second)
        << "twice: " << w->sensor_id << " @ "
        << format_iso8601_ms(w->window_start_ms);
    const auto it = truth.windows.find(key);
    ASSERT_NE(it, truth.windows.end())
        << "unexpected window " << w->sensor_id << " @ "
        << format_iso8601_ms(w->window_start_ms);
    expect_same(it->second, *w,
                w->sensor_id + " @ " + format_iso8601_ms(w->window_start_ms));
  }
  EXPECT_EQ(seen.size(), truth.windows.size());
  // Which ones are missing: by window start, and the first few.
  std::map<std::int64_t, int> missing_by_start;
  for (const auto& [key, aggregate] : truth.windows) {
    if (seen.count(key) == 0) ++missing_by_start[key.second];
  }
  for (const auto& [start, n] : missing_by_start) {
    ADD_FAILURE() << n << " window(s) starting " << format_iso8601_ms(start)
                  << " never came out";
  }
}

void check_each_reading_once(const std::vector<Message>& events,
                             const std::vector<Message>& dlq,
                             const Truth& truth) {
  std::set<std::uint64_t> seqs;
  for (const auto* topic : {&events, &dlq}) {
    for (const Message& m : *topic) {
      EXPECT_TRUE(seqs.insert(seq_of(m)).second)
          << "seq " << seq_of(m) << " came out twice";
    }
  }
  EXPECT_EQ(seqs.size(), truth.sent());
  std::uint64_t missing = 0;
  for (const auto& [seq, item] : truth.items) {
    if (seqs.count(seq) == 0 && ++missing <= 10) {
      ADD_FAILURE() << "seq " << seq << " never came out";
    }
  }
  EXPECT_EQ(missing, 0u);
}

}  // namespace traffic::testing
