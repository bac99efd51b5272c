// Windowed counts per key: how many events each user made per minute, one
// final result per window once it closes (emit_final), late events copied to
// a topic of their own.
//
//   windowed_counts                    # embedded Kafka with generated events
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "sluice/sluice.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"

namespace {

using namespace std::chrono_literals;
using sluice::Serdes;

sluice::Topology windowed_counts_topology() {
  sluice::StreamsBuilder builder;
  builder
      .stream("clicks",
              sluice::Consumed::with(Serdes::string(), Serdes::string()))
      .group_by_key()
      .windowed_by(sluice::TimeWindows::of_size(1min).grace(10s))
      .emit_final()
      .late_records_to("late-clicks")
      .count(sluice::Materialized::as("clicks-per-minute").with_retention(1h))
      .to_stream()
      .map([](const sluice::Windowed<std::string>& w, std::int64_t n) {
        return std::make_pair(w.key,
                              "minute starting at " +
                                  std::to_string(w.window.start_ms / 1000) +
                                  " s: " + std::to_string(n) + " clicks");
      })
      .to("clicks-per-minute-out");
  return builder.build().value();
}

}  // namespace

int main() {
  sluice::testing::EmbeddedCluster cluster(1);
  for (const char* t : {"clicks", "clicks-per-minute-out", "late-clicks"}) {
    cluster.create_topic(t, 2).throw_if_error();
  }
  // Three users, one click every 7 s of event time for 5 minutes, then one
  // click that arrives too late for its (closed) window.
  std::vector<sluice::testing::Message> clicks;
  const std::int64_t base = 1'700'000'000'000 - 1'700'000'000'000 % 60'000;
  for (int i = 0; i < 43; ++i) {
    for (const char* user : {"ann", "bob", "cid"}) {
      sluice::testing::Message m;
      m.key = user;
      m.value = "click";
      m.timestamp_ms = base + i * 7'000;
      clicks.push_back(m);
    }
  }
  sluice::testing::Message late;
  late.key = "ann";
  late.value = "late click";
  late.timestamp_ms = base + 1'000;
  clicks.push_back(late);
  sluice::testing::produce(cluster.bootstrap_servers(), "clicks", clicks);

  sluice::set_log_level(sluice::LogLevel::kWarn);
  // A fresh state directory per run: the embedded cluster is new each time.
  const std::filesystem::path state_dir =
      std::filesystem::temp_directory_path() /
      ("sluice-example-" + std::to_string(::getpid()));
  sluice::KafkaStreams streams(
      windowed_counts_topology(),
      sluice::StreamsConfig{{"application.id", "windowed-counts"},
                            {"bootstrap.servers", cluster.bootstrap_servers()},
                            {"commit.interval.ms", "200"},
                            {"state.dir", state_dir.string()}});
  if (auto s = streams.start(); !s.ok()) {
    std::cerr << "cannot start: " << s.message() << "\n";
    return 1;
  }
  auto results = sluice::testing::read_topic(cluster.bootstrap_servers(),
                                             "clicks-per-minute-out", 12, 20s);
  for (const auto& r : results)
    std::printf("%s: %s\n", r.key->c_str(), r.value->c_str());
  std::printf("late clicks: %zu\n",
              sluice::testing::read_topic(cluster.bootstrap_servers(),
                                          "late-clicks", 1, 5s)
                  .size());
  streams.close(std::chrono::seconds(30));
  std::filesystem::remove_all(state_dir);
  return 0;
}
