#include "traffic/progress_line.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace traffic {
namespace {

TEST(traffic_progress_line, BarFillsWithProgress) {
  EXPECT_EQ(progress_bar(0, 10, 10), "[          ]");
  EXPECT_EQ(progress_bar(5, 10, 10), "[=====>    ]");
  EXPECT_EQ(progress_bar(10, 10, 10), "[==========]");
  EXPECT_EQ(progress_bar(20, 10, 4), "[====]");
  EXPECT_EQ(progress_bar(3, 0, 4), "[>   ]");  // no total: just moving
}

TEST(traffic_progress_line, DrawsOnlyWhenEnabled) {
  char buffer[256] = {};
  std::FILE* out = ::fmemopen(buffer, sizeof buffer, "w");
  ASSERT_NE(out, nullptr);
  ProgressLine off(out, false);
  off.update("hidden", true);
  off.finish();
  ProgressLine on(out, true);
  on.update("long text", true);
  on.update("short", true);
  on.finish();
  std::fclose(out);
  EXPECT_EQ(std::string(buffer), "\rlong text\rshort    \n");
}

}  // namespace
}  // namespace traffic
