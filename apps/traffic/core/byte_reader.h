// Little binary encoding helpers: varints, zigzag, little-endian doubles.

#ifndef TRAFFIC_CORE_BYTE_READER_H_
#define TRAFFIC_CORE_BYTE_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace traffic {

// Appends `value` as a LEB128 varint (1-10 bytes). REQUIRES: out not null.
void put_varint(std::uint64_t value, std::string* out);

// Appends `value` zigzag-encoded as a varint. REQUIRES: out not null.
void put_zigzag(std::int64_t value, std::string* out);

// Appends the 8 IEEE-754 bytes of `value`, little-endian.
// REQUIRES: out not null.
void put_double(double value, std::string* out);

// Reads values written by the put_ functions from a byte view, refusing
// anything malformed instead of reading past the end. Each read returns
// nullopt on failure; after a failure the position is unspecified.
// Thread-compatible.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  // Reads one byte.
  std::optional<std::uint8_t> read_byte();
  // Reads a varint; fails on truncation, more than 10 bytes, a 10th byte
  // that overflows 64 bits, or a non-minimal encoding (zero final byte).
  std::optional<std::uint64_t> read_varint();
  // Reads a zigzag varint.
  std::optional<std::int64_t> read_zigzag();
  // Reads 8 little-endian bytes as a double (any bit pattern).
  std::optional<double> read_double();

  // Returns true if every byte has been read.
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_BYTE_READER_H_
