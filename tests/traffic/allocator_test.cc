// The traffic programs' allocator set-up: glibc's arenas are capped unless
// the operator chose a value with MALLOC_ARENA_MAX, and never under
// jemalloc. This binary is linked like the programs are
// (sluice_link_allocator): with jemalloc unless the build turned it off.
#include "traffic/allocator.h"

#include <gtest/gtest.h>

#include <cstdlib>  // defines __GLIBC__ on glibc
#include <string>

namespace traffic {
namespace {

TEST(AllocatorTest, ThisBinaryRunsOnTheAllocatorTheBuildChose) {
#if defined(TRAFFIC_TEST_EXPECT_JEMALLOC)
  EXPECT_FALSE(jemalloc_version().empty());
  EXPECT_EQ(set_up_allocator(nullptr).rfind("jemalloc ", 0), 0u)
      << set_up_allocator(nullptr);
  // The programs' malloc_conf reached jemalloc (ctest sets no MALLOC_CONF).
  EXPECT_NE(set_up_allocator(nullptr).find(", dirty_decay_ms 1000"),
            std::string::npos)
      << set_up_allocator(nullptr);
#else
  EXPECT_EQ(jemalloc_version(), "");
#endif
}

TEST(AllocatorTest, AnOperatorsMallocArenaMaxIsLeftToGlibc) {
  EXPECT_EQ(limit_malloc_arenas("8"), 0);
#if defined(__GLIBC__) && !defined(TRAFFIC_TEST_EXPECT_JEMALLOC)
  EXPECT_EQ(set_up_allocator("8"), "glibc malloc, MALLOC_ARENA_MAX=8");
#endif
}

TEST(AllocatorTest, WithoutMallocArenaMaxTheCapAppliesToGlibcOnly) {
#if defined(TRAFFIC_TEST_EXPECT_JEMALLOC) || !defined(__GLIBC__)
  EXPECT_EQ(limit_malloc_arenas(nullptr), 0);
  EXPECT_EQ(limit_malloc_arenas(""), 0);
#else
  EXPECT_EQ(limit_malloc_arenas(nullptr), kMallocArenas);
  EXPECT_EQ(limit_malloc_arenas(""), kMallocArenas);
  EXPECT_EQ(set_up_allocator(nullptr), "glibc malloc, 2 arenas");
#endif
}

}  // namespace
}  // namespace traffic
