// StoreResources: configuration checks and the options every store uses.
#include "state/store_resources.h"

#include <gtest/gtest.h>
#include <rocksdb/cache.h>
#include <rocksdb/table.h>

namespace sluice::state {
namespace {

TEST(StoreResourcesTest, DefaultsFitIn32MiB) {
  auto resources = StoreResources::create();
  ASSERT_TRUE(resources.ok()) << resources.status().to_string();
  const rocksdb::Options options = (*resources)->db_options();
  ASSERT_NE(options.write_buffer_manager, nullptr);
  EXPECT_EQ(options.write_buffer_manager->buffer_size(), 16u << 20);
  EXPECT_TRUE(options.write_buffer_manager->cost_to_cache());
  auto* table =
      options.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
  ASSERT_NE(table, nullptr);
  ASSERT_NE(table->block_cache, nullptr);
  EXPECT_EQ(table->block_cache->GetCapacity(), 32u << 20);
  EXPECT_NE(table->filter_policy, nullptr);
  EXPECT_TRUE(table->cache_index_and_filter_blocks);
}

TEST(StoreResourcesTest, OptionsSuitTheDurabilityProtocol) {
  auto resources = StoreResources::create().value();
  const rocksdb::Options options = resources->db_options();
  EXPECT_TRUE(options.create_if_missing);
  EXPECT_TRUE(options.create_missing_column_families);
  EXPECT_TRUE(options.atomic_flush);
  EXPECT_FALSE(options.avoid_flush_during_shutdown);
  EXPECT_EQ(options.max_background_jobs, 2);
  EXPECT_EQ(options.max_open_files, 64);
  EXPECT_EQ(options.write_buffer_size, 4u << 20);
  EXPECT_TRUE(options.compression == rocksdb::kLZ4Compression ||
              options.compression == rocksdb::kNoCompression);
}

TEST(StoreResourcesTest, EveryStoreSharesTheSameCache) {
  auto resources = StoreResources::create().value();
  auto cache_of = [](const rocksdb::ColumnFamilyOptions& options) {
    return options.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>()
        ->block_cache.get();
  };
  EXPECT_EQ(cache_of(resources->column_family_options()),
            cache_of(resources->column_family_options()));
  EXPECT_EQ(resources->db_options().write_buffer_manager,
            resources->db_options().write_buffer_manager);
}

TEST(StoreResourcesTest, RejectsNonsense) {
  StoreResourcesConfig config;
  config.total_memory_bytes = 1000;
  EXPECT_EQ(StoreResources::create(config).status().code(),
            StatusCode::kInvalidArgument);
  config = {};
  config.write_buffer_ratio = 1.0;
  EXPECT_EQ(StoreResources::create(config).status().code(),
            StatusCode::kInvalidArgument);
  config = {};
  config.max_background_jobs = 0;
  EXPECT_EQ(StoreResources::create(config).status().code(),
            StatusCode::kInvalidArgument);
  config = {};
  config.total_memory_bytes = 256u << 20;
  config.write_buffer_ratio = 0.25;
  auto resources = StoreResources::create(config);
  ASSERT_TRUE(resources.ok());
  EXPECT_EQ((*resources)->db_options().write_buffer_manager->buffer_size(),
            64u << 20);
}

}  // namespace
}  // namespace sluice::state
