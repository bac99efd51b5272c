// Fuzz target: the built-in serdes of serde.h (string, bytes, int64,
// float64), as sources and sinks use them on every record.
//
// Input: byte 0 chooses the serde (and bit 7 a null), the rest are the
// bytes to deserialize.
//
// Properties:
//  * deserialize() either returns a value or throws SerdeError (int64 and
//    float64 only: a null or a size other than 8), never anything else;
//  * the encodings are canonical: serialize(deserialize(b)) == b, byte for
//    byte (NaN payloads included), and deserialize(serialize(x)) == x;
//  * string and bytes read a null as empty.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "sluice/serde.h"

namespace {

template <typename T>
void check_canonical(const sluice::Serde<T>& serde,
                     std::optional<std::string_view> bytes, bool fixed_8) {
  std::optional<T> value;
  try {
    value = serde.deserialize(bytes);
  } catch (const sluice::SerdeError&) {
    FUZZ_CHECK(fixed_8, "only int64 and float64 refuse bytes");
    FUZZ_CHECK(!bytes || bytes->size() != 8, "8 bytes are always accepted");
    return;
  }
  FUZZ_CHECK(!fixed_8 || (bytes && bytes->size() == 8),
             "int64 and float64 accept only 8 bytes");
  std::string out;
  serde.serialize(*value, out);
  FUZZ_CHECK(out == bytes.value_or(std::string_view()),
             "serialize(deserialize(b)) == b");
  const T again = serde.deserialize(out);
  std::string out_again;
  serde.serialize(again, out_again);
  FUZZ_CHECK(out_again == out, "deserialize(serialize(x)) == x");
  if constexpr (std::is_same_v<T, double>) {
    // Compare bits: NaN != NaN, yet its payload must survive.
    FUZZ_CHECK(std::memcmp(&again, &*value, sizeof again) == 0,
               "float64 keeps every bit");
  } else {
    FUZZ_CHECK(again == *value, "deserialize(serialize(x)) == x");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  std::optional<std::string_view> bytes;
  if ((data[0] & 0x80U) == 0) {
    bytes = std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1);
  }
  switch (data[0] & 3U) {
    case 0: check_canonical(sluice::Serdes::string(), bytes, false); break;
    case 1: check_canonical(sluice::Serdes::bytes(), bytes, false); break;
    case 2: check_canonical(sluice::Serdes::int64(), bytes, true); break;
    case 3: check_canonical(sluice::Serdes::float64(), bytes, true); break;
  }
  return 0;
}
