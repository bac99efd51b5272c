// Window stores on the embedded cluster: expiry after the retention period,
// fetch() bounds, and stores written in the key-first layout of earlier
// versions, which are rewritten in the time-first layout when opened.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <map>
#include <optional>

#include "sluice/detail/window_keys.h"
#include "sluice/sluice.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedCluster;

constexpr char kApp[] = "window-app";
constexpr char kChangelog[] = "window-app-windowed-changelog";
constexpr std::int64_t kSize = 10'000;
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
// Event times are offsets from kBase (a multiple of 10 s): the test client
// reads a timestamp of 0 as "now".
constexpr std::int64_t kBase = 1'000'000'000'000;

std::string int64_bytes(std::int64_t v) {
  std::string out;
  Serdes::int64().serialize(v, out);
  return out;
}

// 10-second windowed counts per key, kept for one minute.
Topology windowed_topology() {
  StreamsBuilder b;
  b.stream("events", Consumed::with(Serdes::string(), Serdes::int64()))
      .group_by_key()
      .windowed_by(TimeWindows::of_size(10s))
      .count(Materialized::as("windowed").with_retention(1min))
      .to_stream()
      .to("window-updates",
          Produced::with(windowed_serde(Serdes::string(), kSize),
                         Serdes::int64()));
  return b.build().value();
}

class WindowStoreIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* t : {"events", "window-updates", kChangelog}) {
      ASSERT_TRUE(cluster_.create_topic(t, 1).ok());
    }
    dir_ = std::filesystem::temp_directory_path() /
           ("sluice-window-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  StreamsConfig config() const {
    return StreamsConfig({{"application.id", kApp},
                          {"bootstrap.servers", cluster_.bootstrap_servers()},
                          {"state.dir", dir_.string()},
                          {"commit.interval.ms", "100"},
                          // A restarted member waits for its predecessor's
                          // session to end.
                          {"consumer.session.timeout.ms", "6000"}});
  }

  // Produces one event per timestamp (an offset from kBase) for `key`.
  void produce(const std::string& key,
               const std::vector<std::int64_t>& timestamps) {
    std::vector<testing::Message> in;
    for (std::int64_t ts : timestamps) {
      testing::Message m;
      m.key = key;
      m.value = int64_bytes(1);
      m.timestamp_ms = kBase + ts;
      in.push_back(std::move(m));
    }
    testing::produce(cluster_.bootstrap_servers(), "events", in);
  }

  // The windows of `key` that start in [from, to] (offsets from kBase, or
  // kMax) as start offset -> count, once they equal
  // `expected` (committed state), or what they were after 30 s.
  static std::map<std::int64_t, std::int64_t> wait_windows(
      const KafkaStreams& s, const std::string& key, std::int64_t from,
      std::int64_t to, const std::map<std::int64_t, std::int64_t>& expected) {
    std::map<std::int64_t, std::int64_t> got;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    do {
      got.clear();
      auto store = s.window_store<std::string, std::int64_t>(
          "windowed", TimeWindows::of_size(10s));
      if (store.ok()) {
        for (const auto& [w, n] :
             store.value().fetch(key, from == kMax ? kMax : kBase + from,
                                 to == kMax ? kMax : kBase + to)) {
          got[w.start_ms - kBase] = n;
        }
      }
      if (got == expected) break;
      std::this_thread::sleep_for(50ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return got;
  }

  // The changelog's last value per entry key (nullopt: a tombstone).
  std::map<std::string, std::optional<std::string>> changelog(
      std::size_t at_least) const {
    std::map<std::string, std::optional<std::string>> last;
    for (const testing::Message& m : testing::read_topic(
             cluster_.bootstrap_servers(), kChangelog, at_least, 30s)) {
      if (m.key) last[*m.key] = m.value;
    }
    return last;
  }

  EmbeddedCluster cluster_{1};
  std::filesystem::path dir_;
};

// The store key of the window of `key` that starts at offset `start`.
std::string entry_key(const std::string& key, std::int64_t start) {
  std::string out;
  detail::window_entry_key(key, kBase + start, out);
  return out;
}

TEST_F(WindowStoreIntegrationTest, FetchReturnsTheWindowsThatStartInTheRange) {
  produce("a", {0, 5'000, 12'000, 25'000, 29'999});
  produce("b", {25'000});
  KafkaStreams s(windowed_topology(), config());
  ASSERT_TRUE(s.start().ok());
  const std::map<std::int64_t, std::int64_t> all{
      {0, 2}, {10'000, 1}, {20'000, 2}};
  EXPECT_EQ(wait_windows(s, "a", 0, kMax, all), all);
  // Both bounds are window starts, inclusive.
  EXPECT_EQ(wait_windows(s, "a", 10'000, 20'000, {{10'000, 1}, {20'000, 2}}),
            (std::map<std::int64_t, std::int64_t>{{10'000, 1}, {20'000, 2}}));
  EXPECT_EQ(wait_windows(s, "a", 1, 19'999, {{10'000, 1}}),
            (std::map<std::int64_t, std::int64_t>{{10'000, 1}}));
  EXPECT_EQ(wait_windows(s, "b", 0, kMax, {{20'000, 1}}),
            (std::map<std::int64_t, std::int64_t>{{20'000, 1}}));
  EXPECT_TRUE(wait_windows(s, "a", 30'000, kMax, {}).empty());
  EXPECT_TRUE(wait_windows(s, "a", 20'000, 10'000, {}).empty());
  EXPECT_TRUE(wait_windows(s, "nobody", 0, kMax, {}).empty());
  ASSERT_TRUE(s.close(30s));
}

TEST_F(WindowStoreIntegrationTest, WindowsOlderThanTheRetentionAreDeleted) {
  produce("a", {0, 10'000, 20'000});
  KafkaStreams s(windowed_topology(), config());
  ASSERT_TRUE(s.start().ok());
  ASSERT_EQ(
      wait_windows(s, "a", 0, kMax, {{0, 1}, {10'000, 1}, {20'000, 1}}).size(),
      3u);
  // Stream time 75 s: windows that start at or before 15 s are past the one
  // minute of retention; the one at 20 s is not.
  produce("b", {75'000});
  const std::map<std::int64_t, std::int64_t> kept{{20'000, 1}};
  EXPECT_EQ(wait_windows(s, "a", 0, kMax, kept), kept);
  ASSERT_TRUE(s.close(30s));
  // Expiry writes no tombstones: the changelog topic's time retention
  // (cleanup.policy compact,delete) removes expired windows there.
  auto last = changelog(4);
  EXPECT_EQ(last[entry_key("a", 0)], int64_bytes(1));
  EXPECT_EQ(last[entry_key("a", 10'000)], int64_bytes(1));
  EXPECT_EQ(last[entry_key("a", 20'000)], int64_bytes(1));
  EXPECT_EQ(last[entry_key("b", 70'000)], int64_bytes(1));
  // A restore from the changelog brings them back into the local store, and
  // the task expires them when it initializes, with no new input.
  std::filesystem::remove_all(dir_);
  KafkaStreams restored(windowed_topology(), config());
  ASSERT_TRUE(restored.start().ok());
  ASSERT_TRUE(restored.wait_for_state(KafkaStreams::State::kRunning, 60s));
  EXPECT_EQ(wait_windows(restored, "a", 0, kMax, kept), kept);
  ASSERT_TRUE(restored.close(30s));
}

TEST_F(WindowStoreIntegrationTest, KeyFirstEntriesOfEarlierVersionsMigrate) {
  // A changelog as sluice 0.1 wrote it: [0x01][key][start, big-endian].
  auto legacy_key = [](const std::string& key, std::int64_t start) {
    std::string out(1, detail::kLegacyWindowEntryTag);
    out.append(key);
    detail::append_be64(kBase + start, out);
    return out;
  };
  std::vector<testing::Message> old;
  struct Old {
    const char* key;
    std::int64_t start;
    std::int64_t count;
  };
  for (const Old& o :
       {Old{"a", 0, 4}, Old{"a", 10'000, 2}, Old{"b", 10'000, 7}}) {
    testing::Message m;
    m.key = legacy_key(o.key, o.start);
    m.value = int64_bytes(o.count);
    m.partition = 0;
    old.push_back(std::move(m));
  }
  testing::produce(cluster_.bootstrap_servers(), kChangelog, old);
  // One more event in a migrated window: it adds to the restored count.
  produce("a", {15'000});
  KafkaStreams s(windowed_topology(), config());
  ASSERT_TRUE(s.start().ok());
  const std::map<std::int64_t, std::int64_t> a{{0, 4}, {10'000, 3}};
  EXPECT_EQ(wait_windows(s, "a", 0, kMax, a), a);
  const std::map<std::int64_t, std::int64_t> b{{10'000, 7}};
  EXPECT_EQ(wait_windows(s, "b", 0, kMax, b), b);
  ASSERT_TRUE(s.close(30s));
  // The changelog now holds the new layout and tombstones for the old one,
  // so the next restore needs no migration.
  auto last = changelog(9);
  EXPECT_EQ(last[legacy_key("a", 0)], std::nullopt);
  EXPECT_EQ(last[legacy_key("a", 10'000)], std::nullopt);
  EXPECT_EQ(last[legacy_key("b", 10'000)], std::nullopt);
  EXPECT_EQ(last[entry_key("a", 0)], int64_bytes(4));
  EXPECT_EQ(last[entry_key("a", 10'000)], int64_bytes(3));
  EXPECT_EQ(last[entry_key("b", 10'000)], int64_bytes(7));
}

}  // namespace
}  // namespace sluice
