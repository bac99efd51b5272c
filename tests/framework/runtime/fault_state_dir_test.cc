// Disk trouble between runs (label integration): the state.dir of a stopped
// instance is deleted or its RocksDB files are damaged (CURRENT, MANIFEST,
// table files garbled, truncated or removed). The next instance must notice,
// say so in its log, rebuild the stores from their changelogs on the
// embedded cluster, reach RUNNING and hold exactly the right state - and keep
// counting correctly from there.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <string>

#include "fault_harness.h"
#include "sluice/testing/embedded_cluster.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::EmbeddedCluster;

constexpr int kPartitions = 2;
constexpr std::int64_t kFirst = 3000;
constexpr std::int64_t kMore = 500;
const std::string kApp = "disk-app";

// Each damage applies to every RocksDB directory of the application (one
// per task and store) and returns how many files it touched; `whole_dir`
// damages instead remove the whole state.dir. After a `quiet` damage the
// store opens without complaint - empty (no files left), or at an older
// but consistent point (RocksDB drops a truncated MANIFEST's tail; data
// and changelog offset are flushed atomically) - and the restore brings the
// rest; the others must be reported as unreadable and wiped.
struct Damage {
  const char* name;
  std::function<int(const fs::path& store_dir)> apply;
  bool whole_dir = false;
  bool quiet = false;
};

void overwrite(const fs::path& file, std::uintmax_t at,
               const std::string& bytes) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(at));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Applies `f` to the files of `dir` whose name starts with `prefix` or ends
// with `suffix`.
int for_files(const fs::path& dir, const std::string& prefix,
              const std::string& suffix,
              const std::function<void(const fs::path&)>& f) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    const bool match =
        (!prefix.empty() && name.rfind(prefix, 0) == 0) ||
        (!suffix.empty() && name.size() >= suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0);
    if (!match) continue;
    f(e.path());
    ++n;
  }
  return n;
}

const Damage kDamages[] = {
    // A new disk, a wiped container volume.
    {"DeletedStateDir", [](const fs::path&) { return 1; }, true, true},
    {"GarbledCurrent",
     [](const fs::path& d) {
       return for_files(d, "CURRENT", "", [](const fs::path& p) {
         std::ofstream(p, std::ios::trunc) << "garbage without newline";
       });
     }},
    {"CurrentNamesAMissingManifest",
     [](const fs::path& d) {
       return for_files(d, "CURRENT", "", [](const fs::path& p) {
         std::ofstream(p, std::ios::trunc) << "MANIFEST-999999\n";
       });
     }},
    {"GarbledManifest",
     [](const fs::path& d) {
       return for_files(d, "MANIFEST-", "", [](const fs::path& p) {
         overwrite(p, 0, std::string(64, '\x5a'));
       });
     }},
    {"TruncatedManifest",
     [](const fs::path& d) {
       return for_files(d, "MANIFEST-", "", [](const fs::path& p) {
         fs::resize_file(p, fs::file_size(p) / 2);
       });
     },
     false, true},
    {"GarbledTableFiles",
     [](const fs::path& d) {
       return for_files(d, "", ".sst", [](const fs::path& p) {
         overwrite(p, 0, std::string(256, '\0'));
         overwrite(p, fs::file_size(p) / 2, std::string(128, '\x7f'));
       });
     }},
    {"TruncatedTableFiles",
     [](const fs::path& d) {
       return for_files(d, "", ".sst", [](const fs::path& p) {
         fs::resize_file(p, fs::file_size(p) / 3);
       });
     }},
    {"RemovedTableFiles",
     [](const fs::path& d) {
       return for_files(d, "", ".sst",
                        [](const fs::path& p) { fs::remove(p); });
     }},
    {"EmptiedStoreDirectory",
     [](const fs::path& d) {
       int n = 0;
       for (const auto& e : fs::directory_iterator(d)) {
         fs::remove_all(e.path());
         ++n;
       }
       return n;
     },
     false, true},
};

// Test names and ctest names show the damage, not its bytes.
void PrintTo(const Damage& damage, std::ostream* out) { *out << damage.name; }

class StateDirDamageTest : public ::testing::TestWithParam<Damage> {
 protected:
  void SetUp() override {
    for (const char* t : {"in", "out"}) {
      ASSERT_TRUE(cluster_.create_topic(t, kPartitions).ok());
    }
    dir_ = fault::fresh_state_dir(std::string("disk-") + GetParam().name);
  }
  void TearDown() override { fs::remove_all(dir_); }

  StreamsConfig config() const {
    return fault::fault_config(cluster_.bootstrap_servers(), kApp,
                               dir_.string(),
                               {{"commit.interval.ms", "100"},
                                {"consumer.session.timeout.ms", "6000"},
                                {"consumer.heartbeat.interval.ms", "500"}});
  }

  // Waits until the "counts" store equals the counts of inputs [0, n).
  static ::testing::AssertionResult counts_reach(const KafkaStreams& s,
                                                 std::int64_t n) {
    const auto expected = fault::expected_counts(n);
    std::map<std::string, std::int64_t> counts;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto store = s.key_value_store<std::string, std::int64_t>("counts");
      if (store.ok()) {
        counts.clear();
        for (auto& [k, v] : store->all()) counts[k] = v;
        if (counts == expected) return ::testing::AssertionSuccess();
      }
      std::this_thread::sleep_for(50ms);
    }
    std::int64_t total = 0;
    for (const auto& [k, v] : counts) total += v;
    return ::testing::AssertionFailure()
           << "store holds " << counts.size() << " keys, " << total
           << " counted, expected " << expected.size() << " keys, " << n
           << "; state " << state_name(s.state()) << " " << s.error_message();
  }

  EmbeddedCluster cluster_{1};
  fs::path dir_;
};

TEST_P(StateDirDamageTest, IsDetectedAndTheStoresAreRebuiltFromChangelogs) {
  testing::produce(cluster_.bootstrap_servers(), "in",
                   fault::numbered(0, kFirst));
  {
    KafkaStreams first(fault::fault_topology(0), config());
    ASSERT_TRUE(first.start().ok());
    ASSERT_TRUE(counts_reach(first, kFirst));
    ASSERT_TRUE(first.close(30s));
  }
  // Damage every store directory of the stopped instance.
  int touched = 0;
  int stores = 0;
  for (const auto& task : fs::directory_iterator(dir_ / kApp)) {
    if (!task.is_directory()) continue;
    const fs::path store = task.path() / "counts";
    if (!fs::is_directory(store)) continue;
    ++stores;
    if (!GetParam().whole_dir) touched += GetParam().apply(store);
  }
  ASSERT_EQ(stores, kPartitions);
  if (GetParam().whole_dir) touched = static_cast<int>(fs::remove_all(dir_));
  ASSERT_GT(touched, 0) << "nothing to damage: no such files";

  fault::LogCapture logs;
  KafkaStreams second(fault::fault_topology(0), config());
  ASSERT_TRUE(second.start().ok());
  ASSERT_TRUE(second.wait_for_state(KafkaStreams::State::kRunning, 30s))
      << state_name(second.state()) << " " << second.error_message();
  EXPECT_TRUE(counts_reach(second, kFirst));
  // The stores came back from the changelogs, not from reprocessing.
  EXPECT_GT(metric_sum(second.metrics(), "restore-records-total"), 0);
  EXPECT_EQ(metric_sum(second.metrics(), "process-total"), 0);
  // It said what it did: damaged stores are wiped with a warning, then
  // every store is restored.
  if (!GetParam().quiet) {
    EXPECT_EQ(logs.containing("restoring from the changelog").size(),
              static_cast<std::size_t>(kPartitions));
  }
  EXPECT_EQ(logs.containing("changelog records from offset").size(),
            static_cast<std::size_t>(kPartitions));
  // And it goes on counting from the rebuilt state.
  testing::produce(cluster_.bootstrap_servers(), "in",
                   fault::numbered(kFirst, kFirst + kMore));
  EXPECT_TRUE(counts_reach(second, kFirst + kMore));
  EXPECT_NE(second.state(), KafkaStreams::State::kError)
      << second.error_message();
  EXPECT_TRUE(second.close(30s));
  std::printf("damage %s: %d files in %d stores; restored %.0f records\n",
              GetParam().name, touched, stores,
              metric_sum(second.metrics(), "restore-records-total"));
}

INSTANTIATE_TEST_SUITE_P(Damages, StateDirDamageTest,
                         ::testing::ValuesIn(kDamages),
                         [](const ::testing::TestParamInfo<Damage>& damage) {
                           return std::string(damage.param.name);
                         });

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// A state.dir that cannot be created fails start() with one clear error,
// before any thread runs (not a stream thread failing at its first
// assignment, with a misleading "wiping it" warning first).
TEST(StateDirUnusableTest, StartFailsNamingTheDirectory) {
  testing::EmbeddedCluster cluster(1);
  for (const char* t : {"in", "out"}) {
    ASSERT_TRUE(cluster.create_topic(t, kPartitions).ok());
  }
  const fs::path file = fs::temp_directory_path() /
                        ("sluice-disk-file-" + std::to_string(::getpid()));
  std::ofstream(file) << "not a directory";
  const std::string dir = (file / "state").string();
  KafkaStreams s(fault::fault_topology(0),
                 fault::fault_config(cluster.bootstrap_servers(), kApp, dir));
  const Status started = s.start();
  fs::remove(file);
  EXPECT_EQ(started.code(), StatusCode::kFailedPrecondition)
      << started.to_string();
  EXPECT_NE(started.message().find("state.dir " + dir + " is not usable"),
            std::string::npos)
      << started.message();
  EXPECT_EQ(s.state(), KafkaStreams::State::kCreated);
}

}  // namespace
}  // namespace sluice
