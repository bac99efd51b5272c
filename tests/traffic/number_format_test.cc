#include "traffic/core/number_format.h"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "traffic/core/random.h"

namespace traffic {
namespace {

std::string ours(double value) {
  char buffer[kMaxDoubleChars];
  return std::string(buffer, format_double(value, buffer));
}

std::string standard(double value) {
  char buffer[kMaxDoubleChars];
  return std::string(buffer,
                     std::to_chars(buffer, buffer + sizeof(buffer), value).ptr);
}

TEST(traffic_number_format, WritesShortDecimalsLikeToChars) {
  for (double value : {31.6, 2203.0, 0.123, 34.052235, -118.243683, 68.5, 120.0,
                       120.0001, 10000.0, 10001.0, 0.001, 1e-5,
                       0.30000000000000004, 123456789012345.0}) {
    EXPECT_EQ(ours(value), standard(value)) << value;
  }
}

TEST(traffic_number_format, PrefersScientificOnlyWhenShorter) {
  EXPECT_EQ(ours(100000.0), "1e+05");
  EXPECT_EQ(ours(10000.0), "10000");
  EXPECT_EQ(ours(0.0001), "1e-04");
  EXPECT_EQ(ours(0.001), "0.001");
  EXPECT_EQ(ours(1.5e300), "1.5e+300");
}

TEST(traffic_number_format, HandlesExtremesLikeToChars) {
  for (double value :
       {0.0, -0.0, std::numeric_limits<double>::max(),
        std::numeric_limits<double>::min(),
        std::numeric_limits<double>::denorm_min(),
        std::numeric_limits<double>::infinity(), 9007199254740993.0,
        1125899906842624.0, 0.1 + 0.7, 5e-324}) {
    EXPECT_EQ(ours(value), standard(value)) << value;
  }
}

TEST(traffic_number_format, JsonNumbersHaveNoNegativeZeroOrNonFinite) {
  const auto json = [](double value) {
    char buffer[kMaxDoubleChars];
    return std::string(buffer, format_json_number(value, buffer));
  };
  EXPECT_EQ(json(-0.0), "0");
  EXPECT_EQ(json(std::nan("")), "null");
  EXPECT_EQ(json(-std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json(-118.2468), "-118.2468");
}

// The fast path must never disagree with std::to_chars.
TEST(traffic_number_format, AgreesWithToCharsOnRandomValues) {
  Random random(20251005);
  for (int i = 0; i < 200000; ++i) {
    double value = 0;
    switch (random.below(4)) {
      case 0:  // arbitrary bit patterns
        value = std::bit_cast<double>(random.next());
        break;
      case 1:  // decimals with up to 9 fraction digits
        value = static_cast<double>(random.between(-999999999, 999999999)) /
                std::pow(10.0, static_cast<double>(random.below(10)));
        break;
      case 2:  // uniform reals
        value = random.uniform(-1e6, 1e6);
        break;
      default:  // neighbours of short decimals
        value = std::nextafter(
            static_cast<double>(random.between(-99999, 99999)) / 100, 1e300);
        break;
    }
    if (!std::isfinite(value)) continue;
    ASSERT_EQ(ours(value), standard(value)) << std::hexfloat << value;
  }
}

}  // namespace
}  // namespace traffic
