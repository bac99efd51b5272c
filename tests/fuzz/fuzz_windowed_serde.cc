// Fuzz target: windowed_serde() (windows.h), the key serde of windowed
// results: the inner key's bytes then the window start, 8 bytes big-endian.
//
// Input: byte 0 chooses the inner serde (bit 0: string or int64) and a null
// (bit 7); bytes 1-8 are the window size (big-endian, made positive); the
// rest are the bytes to deserialize.
//
// Properties:
//  * deserialize() returns or throws SerdeError (fewer than 8 bytes, or the
//    inner serde refuses its part), never anything else, and no undefined
//    behaviour (UBSan: the window end is start + size);
//  * a returned window is [start, start + size) and the layout is canonical:
//    serialize(deserialize(b)) == b and deserialize(serialize(w)) == w.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "sluice/windows.h"

namespace {

template <typename K>
void check(const sluice::Serde<K>& inner, std::int64_t size,
           std::optional<std::string_view> bytes) {
  const auto serde = sluice::windowed_serde(inner, size);
  sluice::Windowed<K> windowed;
  try {
    windowed = serde.deserialize(bytes);
  } catch (const sluice::SerdeError&) {
    return;
  }
  FUZZ_CHECK(bytes && bytes->size() >= 8, "at least the window start");
  FUZZ_CHECK(windowed.window.end_ms - windowed.window.start_ms == size,
             "the window is [start, start + size)");
  std::string out;
  serde.serialize(windowed, out);
  FUZZ_CHECK(out == *bytes, "serialize(deserialize(b)) == b");
  FUZZ_CHECK(serde.deserialize(out) == windowed,
             "deserialize(serialize(w)) == w");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size < 9) return 0;
  std::uint64_t bits = 0;
  for (std::size_t i = 1; i < 9; ++i) bits = (bits << 8) | data[i];
  const auto window_size =
      static_cast<std::int64_t>(bits % 0x7fffffffffffffffULL) + 1;
  std::optional<std::string_view> bytes;
  if ((data[0] & 0x80U) == 0) {
    bytes = std::string_view(reinterpret_cast<const char*>(data) + 9, size - 9);
  }
  if ((data[0] & 1U) == 0) {
    check(sluice::Serdes::string(), window_size, bytes);
  } else {
    check(sluice::Serdes::int64(), window_size, bytes);
  }
  return 0;
}
