#include "traffic/core/json_token.h"

#include <gtest/gtest.h>

namespace traffic {
namespace {

TEST(traffic_json_token, AcceptsRfc8259Numbers) {
  for (const char* token : {"0", "-0", "7", "31.6", "-118.243683", "2203",
                            "1e400", "1E+5", "2.5e-3", "0.0", "10000"}) {
    EXPECT_TRUE(is_json_number_token(token)) << token;
  }
}

TEST(traffic_json_token, RejectsOtherNumberSpellings) {
  for (const char* token : {"", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+",
                            "0x1F", "1_000", "NaN", "1.5.5", "1 "}) {
    EXPECT_FALSE(is_json_number_token(token)) << token;
  }
}

TEST(traffic_json_token, RecognisesOnlyExactNonFiniteLiterals) {
  EXPECT_TRUE(is_non_finite_token("NaN"));
  EXPECT_TRUE(is_non_finite_token("Infinity"));
  EXPECT_TRUE(is_non_finite_token("-Infinity"));
  EXPECT_FALSE(is_non_finite_token("nan"));
  EXPECT_FALSE(is_non_finite_token("+Infinity"));
  EXPECT_FALSE(is_non_finite_token("NaNx"));
  EXPECT_FALSE(is_non_finite_token("inf"));
}

TEST(traffic_json_token, TrimsJsonWhitespaceOnly) {
  EXPECT_EQ(trim_json_whitespace(" \t\r\nnull\n "), "null");
  EXPECT_EQ(trim_json_whitespace("   "), "");
  EXPECT_EQ(trim_json_whitespace("\v1\f"), "\v1\f");
}

}  // namespace
}  // namespace traffic
