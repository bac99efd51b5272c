#include "traffic/core/byte_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace traffic {
namespace {

TEST(traffic_byte_reader, VarintsRoundTrip) {
  for (std::uint64_t value :
       {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{127},
        std::uint64_t{128}, std::uint64_t{300},
        std::numeric_limits<std::uint64_t>::max()}) {
    std::string bytes;
    put_varint(value, &bytes);
    ByteReader reader(bytes);
    EXPECT_EQ(reader.read_varint(), value);
    EXPECT_TRUE(reader.at_end());
  }
  std::string bytes;
  put_varint(300, &bytes);
  EXPECT_EQ(bytes, "\xac\x02");
}

TEST(traffic_byte_reader, ZigzagAndDoublesRoundTrip) {
  std::string bytes;
  for (std::int64_t value :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1759650164651},
        std::numeric_limits<std::int64_t>::min(),
        std::numeric_limits<std::int64_t>::max()}) {
    put_zigzag(value, &bytes);
  }
  put_double(31.6, &bytes);
  put_double(-0.0, &bytes);
  ByteReader reader(bytes);
  EXPECT_EQ(reader.read_zigzag(), 0);
  EXPECT_EQ(reader.read_zigzag(), -1);
  EXPECT_EQ(reader.read_zigzag(), 1759650164651);
  EXPECT_EQ(reader.read_zigzag(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(reader.read_zigzag(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(reader.read_double(), 31.6);
  const std::optional<double> negative_zero = reader.read_double();
  ASSERT_TRUE(negative_zero);
  EXPECT_TRUE(std::signbit(*negative_zero));
  EXPECT_TRUE(reader.at_end());
  EXPECT_FALSE(reader.read_byte());
}

TEST(traffic_byte_reader, DoublesAreLittleEndian) {
  std::string bytes;
  put_double(1.0, &bytes);
  EXPECT_EQ(bytes, std::string("\0\0\0\0\0\0\xf0\x3f", 8));
}

TEST(traffic_byte_reader, RejectsMalformedVarints) {
  EXPECT_FALSE(ByteReader("").read_varint());
  EXPECT_FALSE(ByteReader("\x80").read_varint());  // truncated
  EXPECT_FALSE(
      ByteReader(std::string("\x80\x00", 2)).read_varint());  // overlong
  EXPECT_FALSE(ByteReader("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02")
                   .read_varint());  // overflows 64 bits
  EXPECT_FALSE(ByteReader("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01")
                   .read_varint());  // 11 bytes
  EXPECT_FALSE(ByteReader("1234567").read_double());
}

}  // namespace
}  // namespace traffic
