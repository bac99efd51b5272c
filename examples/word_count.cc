// The classic: count words in lines of text.
//
//   word_count                         # embedded Kafka, a few sample lines
//   word_count --brokers HOST:PORT     # lines from topic "text-lines"
//
// Lines are split into words, regrouped by word (through a repartition
// topic), and counted in the store "word-counts"; every count update goes to
// "word-counts-out".
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "sluice/sluice.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"

namespace {

using namespace std::chrono_literals;
using sluice::Serdes;

sluice::Topology word_count_topology() {
  sluice::StreamsBuilder builder;
  builder
      .stream("text-lines",
              sluice::Consumed::with(Serdes::string(), Serdes::string()))
      .flat_map_values([](const std::string& line) {
        std::vector<std::string> words;
        std::istringstream in(line);
        for (std::string word; in >> word;) words.push_back(word);
        return words;
      })
      .group_by(
          [](const std::string&, const std::string& word) { return word; })
      .count(sluice::Materialized::as("word-counts"))
      .to_stream()
      .to("word-counts-out",
          sluice::Produced::with(Serdes::string(), Serdes::int64()));
  return builder.build().value();
}

}  // namespace

int main(int argc, char** argv) {
  std::string brokers;
  if (argc == 3 && std::string(argv[1]) == "--brokers") {
    brokers = argv[2];
  } else if (argc != 1) {
    std::cerr << "usage: word_count [--brokers HOST:PORT]\n";
    return 2;
  }
  std::optional<sluice::testing::EmbeddedCluster> cluster;
  if (brokers.empty()) {
    cluster.emplace(1);
    for (const char* t : {"text-lines", "word-counts-out"}) {
      cluster->create_topic(t, 2).throw_if_error();
    }
    brokers = cluster->bootstrap_servers();
    std::vector<sluice::testing::Message> lines;
    for (const char* text : {"the quick brown fox", "jumps over the lazy dog",
                             "the dog barks", "the fox runs"}) {
      sluice::testing::Message m;
      m.value = text;
      lines.push_back(m);
    }
    sluice::testing::produce(brokers, "text-lines", lines);
  }
  sluice::set_log_level(sluice::LogLevel::kWarn);
  // A fresh state directory per run: the embedded cluster is new each time.
  const std::filesystem::path state_dir =
      std::filesystem::temp_directory_path() /
      ("sluice-example-" + std::to_string(::getpid()));
  sluice::KafkaStreams streams(
      word_count_topology(),
      sluice::StreamsConfig{{"application.id", "word-count"},
                            {"bootstrap.servers", brokers},
                            {"commit.interval.ms", "200"},
                            {"state.dir", state_dir.string()}});
  if (auto s = streams.start(); !s.ok()) {
    std::cerr << "cannot start: " << s.message() << "\n";
    return 1;
  }
  sluice::ShutdownSignal signal;
  // With the embedded sample, wait for the counts and print them; against a
  // real cluster, run until Ctrl-C.
  signal.wait_for(cluster ? 10s : std::chrono::hours(24 * 365));
  if (auto store =
          streams.key_value_store<std::string, std::int64_t>("word-counts");
      store.ok()) {
    for (const auto& [word, count] : store->all())
      std::printf("%-8s %lld\n", word.c_str(), static_cast<long long>(count));
  }
  streams.close(std::chrono::seconds(30));
  std::filesystem::remove_all(state_dir);
  return 0;
}
