#include "traffic/core/byte_reader.h"

#include <bit>

namespace traffic {

void put_varint(std::uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

void put_zigzag(std::int64_t value, std::string* out) {
  put_varint((static_cast<std::uint64_t>(value) << 1) ^
                 static_cast<std::uint64_t>(value >> 63),
             out);
}

void put_double(double value, std::string* out) {
  auto bits = std::bit_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) {
    out->push_back(static_cast<char>(bits & 0xff));
    bits >>= 8;
  }
}

std::optional<std::uint8_t> ByteReader::read_byte() {
  if (pos_ >= bytes_.size()) return std::nullopt;
  return static_cast<std::uint8_t>(bytes_[pos_++]);
}

std::optional<std::uint64_t> ByteReader::read_varint() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const std::optional<std::uint8_t> byte = read_byte();
    if (!byte) return std::nullopt;
    // The 10th byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && *byte > 1) return std::nullopt;
    // A zero final byte after the first is a non-minimal encoding.
    if (shift > 0 && *byte == 0) return std::nullopt;
    value |= static_cast<std::uint64_t>(*byte & 0x7f) << shift;
    if ((*byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

std::optional<std::int64_t> ByteReader::read_zigzag() {
  const std::optional<std::uint64_t> raw = read_varint();
  if (!raw) return std::nullopt;
  return static_cast<std::int64_t>(*raw >> 1) ^
         -static_cast<std::int64_t>(*raw & 1);
}

std::optional<double> ByteReader::read_double() {
  if (bytes_.size() - pos_ < 8) return std::nullopt;
  std::uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) {
    bits = (bits << 8) | static_cast<std::uint8_t>(
                             bytes_[pos_ + static_cast<std::size_t>(i)]);
  }
  pos_ += 8;
  return std::bit_cast<double>(bits);
}

}  // namespace traffic
