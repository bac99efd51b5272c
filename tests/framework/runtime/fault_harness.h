// Shared by the fault tests (label integration): a small stateful
// at-least-once application on the embedded cluster, its numbered input, a
// log capture, and the check that no input's output is missing.
#ifndef SLUICE_TESTS_FRAMEWORK_RUNTIME_FAULT_HARNESS_H_
#define SLUICE_TESTS_FRAMEWORK_RUNTIME_FAULT_HARNESS_H_

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sluice/log.h"
#include "sluice/sluice.h"
#include "sluice/testing/embedded_cluster.h"
#include "sluice/testing/test_client.h"

namespace sluice::fault {

inline constexpr int kKeys = 50;

inline std::string int64_bytes(std::int64_t v) {
  std::string out;
  Serdes::int64().serialize(v, out);
  return out;
}

// "in" (string key, int64 value) -> "out" unchanged, and per-key counts in
// the RocksDB store "counts" (changelogged). Each record sleeps `delay_us`, so
// that faults land while there is work in hand.
inline Topology fault_topology(long delay_us) {
  StreamsBuilder b;
  auto in =
      b.stream("in", Consumed::with(Serdes::string(), Serdes::int64()))
          .peek([delay_us](const std::string&, std::int64_t) {
            if (delay_us > 0) {
              std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
            }
          });
  in.to("out", Produced::with(Serdes::string(), Serdes::int64()));
  in.group_by_key().count(Materialized::as("counts"));
  return b.build().value();
}

// Records i in [from, to): key k<i % kKeys>, value i.
inline std::vector<testing::Message> numbered(std::int64_t from,
                                              std::int64_t to) {
  std::vector<testing::Message> in;
  for (std::int64_t i = from; i < to; ++i) {
    testing::Message m;
    m.key = "k" + std::to_string(i % kKeys);
    m.value = int64_bytes(i);
    in.push_back(std::move(m));
  }
  return in;
}

// Creates "in", "out" and the changelog of fault_topology()'s store for
// application `app`, `partitions` partitions each, on `replicas` brokers.
inline Status create_fault_topics(testing::EmbeddedCluster& cluster,
                                  const std::string& app, int partitions,
                                  int replicas = 1) {
  for (const std::string& t :
       {std::string("in"), std::string("out"), app + "-counts-changelog"}) {
    if (Status s = cluster.create_topic(t, partitions, replicas); !s.ok()) {
      return s;
    }
  }
  return {};
}

// An empty directory "sluice-<name>-<pid>" in the temporary directory.
inline std::filesystem::path fresh_state_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("sluice-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

// The settings every fault test's application starts from (its id, the
// cluster, its state directory), with `more` added or overriding them.
inline StreamsConfig fault_config(const std::string& bootstrap,
                                  const std::string& app,
                                  const std::string& state_dir,
                                  StreamsConfig::Properties more = {}) {
  StreamsConfig::Properties p = {{"application.id", app},
                                 {"bootstrap.servers", bootstrap},
                                 {"state.dir", state_dir}};
  for (auto& [key, value] : more) p[key] = std::move(value);
  return StreamsConfig(std::move(p));
}

// Per-key counts of the records [0, n).
inline std::map<std::string, std::int64_t> expected_counts(std::int64_t n) {
  std::map<std::string, std::int64_t> out;
  for (std::int64_t i = 0; i < n; ++i) out["k" + std::to_string(i % kKeys)]++;
  return out;
}

// What the output topic holds of the inputs [0, n).
struct Delivery {
  std::size_t records = 0;     // output records read
  std::size_t distinct = 0;    // distinct input values among them
  std::size_t duplicates = 0;  // records - distinct
  std::vector<std::int64_t> missing;
};

// Reads "out" until every value in [0, n) is there or `timeout` passes.
inline Delivery wait_for_outputs(const std::string& bootstrap, std::int64_t n,
                                 std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Delivery d;
  for (;;) {
    const auto out = testing::read_topic(
        bootstrap, "out", static_cast<std::size_t>(n), std::chrono::seconds(5),
        std::chrono::milliseconds(300));
    std::set<std::int64_t> seen;
    for (const auto& m : out) {
      seen.insert(Serdes::int64().deserialize(m.value.value_or("")));
    }
    d = Delivery{out.size(), seen.size(), out.size() - seen.size(), {}};
    for (std::int64_t i = 0; i < n; ++i) {
      if (seen.count(i) == 0) d.missing.push_back(i);
    }
    if (d.missing.empty() || std::chrono::steady_clock::now() >= deadline) {
      return d;
    }
  }
}

// Collects the lines the runtime logs (and prints them to stderr, as the
// default sink does) for as long as it lives.
class LogCapture {
 public:
  LogCapture() {
    set_log_sink([this](const LogEvent& e) {
      std::fprintf(stderr, "%s [%.*s] %.*s\n",
                   std::string(log_level_name(e.level)).c_str(),
                   static_cast<int>(e.component.size()), e.component.data(),
                   static_cast<int>(e.message.size()), e.message.data());
      std::lock_guard lock(mutex_);
      lines_.emplace_back(e.message);
    });
  }
  ~LogCapture() { set_log_sink({}); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // The lines containing `text`.
  std::vector<std::string> containing(const std::string& text) const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const std::string& l : lines_) {
      if (l.find(text) != std::string::npos) out.push_back(l);
    }
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace sluice::fault

#endif  // SLUICE_TESTS_FRAMEWORK_RUNTIME_FAULT_HARNESS_H_
