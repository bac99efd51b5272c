// RocksDbKeyValueStore beyond the shared contract: persistence across
// reopen, directory locking, destroy(), and corrupt or unusable directories.
#include "state/rocksdb_key_value_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "state/store_resources.h"
#include "store_test_util.h"
#include "temp_dir.h"

namespace sluice::state {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

class RocksDbKeyValueStoreTest : public ::testing::Test {
 protected:
  StatusOr<std::unique_ptr<RocksDbKeyValueStore>> open(
      const std::string& path) {
    return RocksDbKeyValueStore::open("counts", path, *resources_);
  }
  std::unique_ptr<RocksDbKeyValueStore> open_ok(const std::string& path) {
    auto store = open(path);
    EXPECT_TRUE(store.ok()) << store.status().to_string();
    return std::move(store).value();
  }
  // Creates a store at path with two keys at offset 17, flushed and closed.
  void write_sample(const std::string& path) {
    auto store = open_ok(path);
    ASSERT_TRUE(store->write_batch({{"a", "1"}, {"b", "2"}}, 17).ok());
    ASSERT_TRUE(store->flush().ok());
  }
  // Overwrites the first file in `dir` whose name starts with `prefix`.
  static void clobber(const std::string& dir, const std::string& prefix,
                      const std::string& bytes, std::streamoff at = 0) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().filename().string().rfind(prefix, 0) != 0) continue;
      std::fstream file(entry.path(),
                        std::ios::in | std::ios::out | std::ios::binary);
      file.seekp(at);
      file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      return;
    }
    FAIL() << "no file starting with " << prefix << " in " << dir;
  }

  TempDir dir_;
  std::unique_ptr<StoreResources> resources_ = StoreResources::create().value();
};

TEST_F(RocksDbKeyValueStoreTest, OpenCreatesMissingDirectories) {
  const std::string path = dir_.sub("app/0_1/counts");
  auto store = open_ok(path);
  EXPECT_EQ(store->path(), path);
  EXPECT_TRUE(fs::exists(path + "/CURRENT"));
}

TEST_F(RocksDbKeyValueStoreTest, ReopenAfterFlushKeepsDataAndOffset) {
  const std::string path = dir_.sub("s");
  write_sample(path);
  auto store = open_ok(path);
  EXPECT_THAT(all_entries(*store), ElementsAre(Pair("a", "1"), Pair("b", "2")));
  EXPECT_EQ(store->committed_offset(), 17);
}

TEST_F(RocksDbKeyValueStoreTest, CleanCloseWithoutFlushKeepsDataAndOffset) {
  const std::string path = dir_.sub("s");
  {
    auto store = open_ok(path);
    ASSERT_TRUE(store->write_batch({{"a", "1"}}, 5).ok());
    ASSERT_TRUE(store->write_batch({{"a", std::nullopt}, {"b", "2"}}, 9).ok());
  }  // the destructor closes; RocksDB flushes because the WAL is off
  auto store = open_ok(path);
  EXPECT_THAT(all_entries(*store), ElementsAre(Pair("b", "2")));
  EXPECT_EQ(store->committed_offset(), 9);
}

TEST_F(RocksDbKeyValueStoreTest, SecondOpenOfTheSameDirectoryFailsAtOnce) {
  const std::string path = dir_.sub("s");
  auto first = open_ok(path);
  auto second = open(path);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(), HasSubstr(path));
  EXPECT_THAT(second.status().message(), HasSubstr("already open"));
  first.reset();
  EXPECT_TRUE(open(path).ok());
}

TEST_F(RocksDbKeyValueStoreTest, DestroyRemovesTheStore) {
  const std::string path = dir_.sub("s");
  write_sample(path);
  ASSERT_TRUE(RocksDbKeyValueStore::destroy(path).ok());
  EXPECT_FALSE(fs::exists(path));
  auto store = open_ok(path);
  EXPECT_THAT(all_entries(*store), IsEmpty());
  EXPECT_EQ(store->committed_offset(), -1);
}

TEST_F(RocksDbKeyValueStoreTest, DestroyOfAMissingDirectoryIsOk) {
  EXPECT_TRUE(RocksDbKeyValueStore::destroy(dir_.sub("never")).ok());
}

TEST_F(RocksDbKeyValueStoreTest, DestroyRefusesAnOpenStore) {
  const std::string path = dir_.sub("s");
  auto store = open_ok(path);
  ASSERT_TRUE(put(*store, "a", "1", 3).ok());
  Status s = RocksDbKeyValueStore::destroy(path);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.to_string();
  EXPECT_THAT(s.message(), HasSubstr(path));
  EXPECT_EQ(store->get("a").value(), "1");
}

TEST_F(RocksDbKeyValueStoreTest, DestroyCleansACorruptStore) {
  const std::string path = dir_.sub("s");
  write_sample(path);
  clobber(path, "CURRENT", "garbage without newline");
  ASSERT_FALSE(open(path).ok());
  ASSERT_TRUE(RocksDbKeyValueStore::destroy(path).ok());
  EXPECT_TRUE(open(path).ok());
}

TEST_F(RocksDbKeyValueStoreTest, CorruptCurrentFileFailsOpenClearly) {
  const std::string path = dir_.sub("s");
  write_sample(path);
  clobber(path, "CURRENT", "MANIFEST-999999\n");
  auto store = open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(store.status().message(), HasSubstr(path));
  EXPECT_THAT(store.status().message(), HasSubstr("counts"));
}

TEST_F(RocksDbKeyValueStoreTest, CorruptManifestFailsOpenAsFailedPrecondition) {
  const std::string path = dir_.sub("s");
  write_sample(path);
  clobber(path, "MANIFEST-", std::string(64, '\x5a'));
  auto store = open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition)
      << store.status().to_string();
  EXPECT_THAT(store.status().message(), HasSubstr(path));
  EXPECT_THAT(store.status().message(), HasSubstr("Corruption"));
}

TEST_F(RocksDbKeyValueStoreTest, CorruptTableFileFailsOpenOrReadNotTheProcess) {
  const std::string path = dir_.sub("s");
  {
    auto store = open_ok(path);
    std::vector<BytesWrite> writes;
    for (int i = 0; i < 2000; ++i) {
      writes.push_back({"key" + std::to_string(i), std::string(100, 'v')});
    }
    ASSERT_TRUE(store->write_batch(writes, 1).ok());
    ASSERT_TRUE(store->flush().ok());
  }
  // Damage data blocks in every table file (after the first bytes).
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.path().extension() != ".sst") continue;
    clobber(path, entry.path().filename().string(), std::string(512, '\0'),
            200);
  }
  // A fresh cache, so no block is served from memory.
  auto fresh = StoreResources::create().value();
  auto store = RocksDbKeyValueStore::open("counts", path, *fresh);
  Status s = store.ok() ? (*store)->all([](auto, auto) { return true; })
                        : store.status();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.to_string();
  EXPECT_THAT(s.message(), HasSubstr(path));
}

TEST_F(RocksDbKeyValueStoreTest, PathThatIsAFileFailsOpenClearly) {
  const std::string path = dir_.sub("file");
  std::ofstream(path) << "not a directory";
  auto store = open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInternal);
  EXPECT_THAT(store.status().message(), HasSubstr(path));
}

TEST_F(RocksDbKeyValueStoreTest, StoresShareOneCacheAndWriteBufferBudget) {
  auto a = open_ok(dir_.sub("a"));
  auto b = open_ok(dir_.sub("b"));
  const std::size_t before = resources_->memtable_usage();
  std::vector<BytesWrite> writes;
  for (int i = 0; i < 1000; ++i) {
    writes.push_back({"key" + std::to_string(i), std::string(200, 'v')});
  }
  ASSERT_TRUE(a->write_batch(writes, 1).ok());
  const std::size_t after_a = resources_->memtable_usage();
  ASSERT_TRUE(b->write_batch(writes, 1).ok());
  const std::size_t after_b = resources_->memtable_usage();
  EXPECT_GT(after_a, before);
  EXPECT_GT(after_b, after_a);
  // Memtables are charged to the block cache.
  EXPECT_GE(resources_->cache_usage(), after_b / 2);
}

}  // namespace
}  // namespace sluice::state
