#include "traffic/core/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace traffic {
namespace {

std::string fixed(std::string_view text) {
  std::string scratch;
  return std::string(well_formed_utf8(text, &scratch));
}

TEST(traffic_utf8, WellFormedTextIsReturnedItself) {
  const std::string text = "sensor \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\x97";
  std::string scratch = "untouched";
  const std::string_view out = well_formed_utf8(text, &scratch);
  EXPECT_EQ(out.data(), text.data());
  EXPECT_EQ(scratch, "untouched");
  EXPECT_EQ(fixed(""), "");
}

TEST(traffic_utf8, EachBadByteBecomesOneReplacementCharacter) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(fixed("stream-pro\xE3"
                  "essor"),
            "stream-pro" + r + "essor");
  EXPECT_EQ(fixed("\xFF\xFE"), r + r);
  EXPECT_EQ(fixed("a\x80z"), "a" + r + "z");    // a lone continuation byte
  EXPECT_EQ(fixed("\xC3"), r);                  // truncated at the end
  EXPECT_EQ(fixed("\xC0\xAF"), r + r);          // overlong '/'
  EXPECT_EQ(fixed("\xE0\x80\xAF"), r + r + r);  // overlong, 3 bytes
  EXPECT_EQ(fixed("\xED\xA0\x80"), r + r + r);  // a UTF-16 surrogate
  EXPECT_EQ(fixed("\xF4\x90\x80\x80"), r + r + r + r);  // above U+10FFFF
  EXPECT_EQ(fixed("\xC3\xA9\xC3"), "\xC3\xA9" + r);     // good, then truncated
}

}  // namespace
}  // namespace traffic
