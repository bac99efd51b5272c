#include "sluice/serde.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sluice/json_serde.h"

namespace sluice {
namespace {

template <typename T>
std::string encode(const Serde<T>& serde, const T& v) {
  std::string out;
  serde.serialize(v, out);
  return out;
}

TEST(SerdeTest, Int64IsEightBytesBigEndianLikeKafka) {
  const auto s = Serdes::int64();
  EXPECT_EQ(encode<std::int64_t>(s, 1), std::string("\0\0\0\0\0\0\0\1", 8));
  EXPECT_EQ(encode<std::int64_t>(s, -1), std::string(8, '\xff'));
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{42},
                         std::numeric_limits<std::int64_t>::min(),
                         std::numeric_limits<std::int64_t>::max()}) {
    EXPECT_EQ(s.deserialize(encode(s, v)), v);
  }
}

TEST(SerdeTest, Int64RejectsWrongSizesAndNull) {
  const auto s = Serdes::int64();
  EXPECT_THROW(s.deserialize(std::string_view("abc")), SerdeError);
  EXPECT_THROW(s.deserialize(std::nullopt), SerdeError);
}

TEST(SerdeTest, Float64RoundTripsIncludingSpecialValues) {
  const auto s = Serdes::float64();
  // 1.0 is 0x3FF0000000000000 in IEEE-754, big-endian first.
  EXPECT_EQ(encode(s, 1.0), std::string("\x3f\xf0\0\0\0\0\0\0", 8));
  EXPECT_EQ(s.deserialize(encode(s, -2.5)), -2.5);
  EXPECT_TRUE(std::isnan(s.deserialize(encode(s, std::nan("")))));
  EXPECT_THROW(s.deserialize(std::string_view("1234567")), SerdeError);
}

TEST(SerdeTest, StringAndBytesAreVerbatimAndNullIsEmpty) {
  EXPECT_EQ(encode<std::string>(Serdes::string(), std::string("a\0b", 3)),
            std::string("a\0b", 3));
  EXPECT_EQ(Serdes::string().deserialize(std::nullopt), "");
  const Bytes b = Serdes::bytes().deserialize(std::string_view("\x01\xff", 2));
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1], std::byte{0xff});
  EXPECT_EQ(encode(Serdes::bytes(), b), std::string("\x01\xff", 2));
}

struct Point {
  int x = 0;
  int y = 0;
  NLOHMANN_DEFINE_TYPE_INTRUSIVE(Point, x, y)
  bool operator==(const Point&) const = default;
};

TEST(SerdeTest, JsonRoundTripsUserTypesAndRejectsBadInput) {
  const auto s = json_serde<Point>();
  EXPECT_EQ(encode(s, Point{1, 2}), R"({"x":1,"y":2})");
  EXPECT_EQ(s.deserialize(std::string_view(R"({"y":5,"x":4})")), (Point{4, 5}));
  EXPECT_THROW(s.deserialize(std::string_view("{not json")), SerdeError);
  EXPECT_THROW(s.deserialize(std::string_view(R"({"x":"str","y":1})")),
               SerdeError);
  EXPECT_THROW(s.deserialize(std::nullopt), SerdeError);
}

TEST(SerdeTest, JsonOfNlohmannJsonItself) {
  const auto s = json_serde<nlohmann::json>();
  EXPECT_EQ(s.deserialize(std::string_view(R"([1,"a"])"))[1], "a");
}

TEST(SerdeTest, DefaultSerdeExistsOnlyForBuiltInTypes) {
  EXPECT_TRUE(default_serde<std::string>());
  EXPECT_TRUE(default_serde<std::int64_t>());
  EXPECT_TRUE(default_serde<double>());
  EXPECT_TRUE(default_serde<Bytes>());
  EXPECT_FALSE(default_serde<Point>());
}

}  // namespace
}  // namespace sluice
