#include "traffic/duration.h"

#include <gtest/gtest.h>

namespace traffic {
namespace {

using std::chrono::milliseconds;

TEST(traffic_duration, ParsesEveryUnit) {
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("90s"), milliseconds(90'000));
  EXPECT_EQ(parse_duration("5m"), milliseconds(300'000));
  EXPECT_EQ(parse_duration("2h"), milliseconds(7'200'000));
  EXPECT_EQ(parse_duration("365d"), milliseconds(31'536'000'000));
  EXPECT_EQ(parse_duration("0s"), milliseconds(0));
}

TEST(traffic_duration, RefusesAnythingElse) {
  for (const char* bad :
       {"", "5", "m", "-5m", "+5m", "5 m", " 5m", "5m ", "5min", "1.5h", "5x",
        "5mss", "99999999999999999d", "0x5s"}) {
    EXPECT_FALSE(parse_duration(bad)) << bad;
  }
}

TEST(traffic_duration, FormatsInTheLargestExactUnit) {
  EXPECT_EQ(format_duration(milliseconds(300'000)), "5m");
  EXPECT_EQ(format_duration(milliseconds(90'000)), "90s");
  EXPECT_EQ(format_duration(milliseconds(1500)), "1500ms");
  EXPECT_EQ(format_duration(milliseconds(0)), "0ms");
  EXPECT_EQ(format_duration(milliseconds(31'536'000'000)), "365d");
  for (const char* text : {"5m", "90s", "1500ms", "2h", "3d"}) {
    EXPECT_EQ(format_duration(*parse_duration(text)), text);
  }
}

}  // namespace
}  // namespace traffic
