#include "traffic/core/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace traffic {
namespace {

std::string escaped(std::string_view text) {
  std::string out;
  JsonWriter::append_escaped(text, &out);
  return out;
}

TEST(traffic_json_writer, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(escaped("plain"), "\"plain\"");
  EXPECT_EQ(escaped("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(escaped("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(escaped(std::string_view("\0\x01\x1f", 3)),
            R"("\u0000\u0001\u001f")");
  EXPECT_EQ(escaped("\x7f"), "\"\x7f\"");
  EXPECT_EQ(escaped("/"), "\"/\"");
}

TEST(traffic_json_writer, PassesUtf8Through) {
  EXPECT_EQ(escaped("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x9a\x97"),
            "\"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x9a\x97\"");
}

TEST(traffic_json_writer, WritesMembersWithCommas) {
  std::string out = "prefix:";
  {
    JsonWriter writer(&out);
    writer.begin_object();
    writer.member("s", std::string_view("x"));
    writer.member("d", 31.6);
    writer.member("i", std::int64_t{-5});
    writer.member("u", std::uint64_t{18446744073709551615u});
    writer.null_member("n");
    writer.timestamp_member("t", std::int64_t{0});
    writer.key("o");
    writer.begin_object();
    writer.member("inner", 1.5);
    writer.end_object();
    writer.member("after", std::string_view(""));
    writer.end_object();
  }
  EXPECT_EQ(out,
            "prefix:{\"s\":\"x\",\"d\":31.6,\"i\":-5,"
            "\"u\":18446744073709551615,\"n\":null,"
            "\"t\":\"1970-01-01T00:00:00.000Z\",\"o\":{\"inner\":1.5},"
            "\"after\":\"\"}");
}

TEST(traffic_json_writer, WritesArraysAndBooleans) {
  std::string out;
  JsonWriter w(&out);
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.string_value("x");
  w.bool_value(false);
  w.begin_array();
  w.end_array();
  w.end_array();
  w.member("b", true);
  w.key("c");
  w.begin_array();
  w.end_array();
  w.end_object();
  w.finish();
  EXPECT_EQ(out, R"({"a":["x",false,[]],"b":true,"c":[]})");
}

TEST(traffic_json_writer, WritesShortestNumbersAndNullForNonFinite) {
  std::string out;
  {
    JsonWriter writer(&out);
    writer.double_value(2203.0);
    writer.double_value(-0.0);
    writer.double_value(0.1 + 0.2);
    writer.double_value(1e21);
    writer.double_value(std::nan(""));
    writer.double_value(std::numeric_limits<double>::infinity());
  }
  EXPECT_EQ(out, "2203,0,0.30000000000000004,1e+21,null,null");
}

TEST(traffic_json_writer, DirectWritesStayWithinTheirBound) {
  for (const std::string& text :
       {std::string(), std::string("I-10"), std::string(40, '\x01'),
        std::string("mixed \"\\\n text \xe2\x80\x94 end"),
        std::string(1000, 'x') + '\t'}) {
    std::string buffer(JsonWriter::max_string_size(text), '#');
    char* end = JsonWriter::write_string(text, buffer.data());
    ASSERT_LE(end, buffer.data() + buffer.size());
    EXPECT_EQ(std::string(buffer.data(), end), escaped(text));
  }
}

TEST(traffic_json_writer, FinishTrimsTheGrowthAhead) {
  std::string out;
  JsonWriter writer(&out);
  writer.string_value("x");
  writer.finish();
  EXPECT_EQ(out, "\"x\"");
  writer.string_value(std::string(5000, 'y'));
  writer.finish();
  EXPECT_EQ(out.size(), 3 + 1 + 5002u);
}

}  // namespace
}  // namespace traffic
