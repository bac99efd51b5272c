// The built-in serdes.
#include "sluice/serde.h"

#include <bit>
#include <cstring>

namespace sluice {
namespace {

std::string size_error(std::string_view what, std::size_t got) {
  return std::string(what) + " needs 8 bytes, got " + std::to_string(got);
}

template <typename T>
void put_big_endian_8(T value, std::string& out) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((bits >> shift) & 0xffU));
  }
}

template <typename T>
T get_big_endian_8(std::optional<std::string_view> bytes,
                   std::string_view what) {
  if (!bytes)
    throw SerdeError(std::string("null where ") + std::string(what) +
                     " was expected");
  if (bytes->size() != 8) throw SerdeError(size_error(what, bytes->size()));
  std::uint64_t bits = 0;
  for (char c : *bytes) bits = (bits << 8) | static_cast<unsigned char>(c);
  T value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace

Serde<std::string> Serdes::string() {
  static const Serde<std::string> kSerde = Serde<std::string>::from(
      "string",
      [](const std::string& value, std::string& out) { out += value; },
      [](std::optional<std::string_view> bytes) {
        return bytes ? std::string(*bytes) : std::string();
      });
  return kSerde;
}

Serde<Bytes> Serdes::bytes() {
  static const Serde<Bytes> kSerde = Serde<Bytes>::from(
      "bytes",
      [](const Bytes& value, std::string& out) {
        out.append(reinterpret_cast<const char*>(value.data()), value.size());
      },
      [](std::optional<std::string_view> bytes) {
        if (!bytes) return Bytes{};
        const auto* begin = reinterpret_cast<const std::byte*>(bytes->data());
        return Bytes(begin, begin + bytes->size());
      });
  return kSerde;
}

Serde<std::int64_t> Serdes::int64() {
  static const Serde<std::int64_t> kSerde = Serde<std::int64_t>::from(
      "int64",
      [](std::int64_t value, std::string& out) {
        put_big_endian_8(value, out);
      },
      [](std::optional<std::string_view> bytes) {
        return get_big_endian_8<std::int64_t>(bytes, "int64");
      });
  return kSerde;
}

Serde<double> Serdes::float64() {
  static const Serde<double> kSerde = Serde<double>::from(
      "float64",
      [](double value, std::string& out) { put_big_endian_8(value, out); },
      [](std::optional<std::string_view> bytes) {
        return get_big_endian_8<double>(bytes, "float64");
      });
  return kSerde;
}

}  // namespace sluice
