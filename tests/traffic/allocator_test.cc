// limit_malloc_arenas: the traffic programs cap glibc's arenas unless the
// operator chose a value with MALLOC_ARENA_MAX.
#include "traffic/malloc_arenas.h"

#include <gtest/gtest.h>

#include <cstdlib>  // defines __GLIBC__ on glibc

namespace traffic {
namespace {

TEST(MallocArenasTest, AnOperatorsMallocArenaMaxIsLeftToGlibc) {
  EXPECT_EQ(limit_malloc_arenas("8"), 0);
}

TEST(MallocArenasTest, WithoutMallocArenaMaxTheCapApplies) {
#if defined(__GLIBC__)
  EXPECT_EQ(limit_malloc_arenas(nullptr), kMallocArenas);
  EXPECT_EQ(limit_malloc_arenas(""), kMallocArenas);
#else
  EXPECT_EQ(limit_malloc_arenas(nullptr), 0);
#endif
}

}  // namespace
}  // namespace traffic
