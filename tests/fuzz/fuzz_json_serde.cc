// Fuzz target: Serdes json<T> (json_serde.h) for T = nlohmann::json and for
// a struct with nlohmann's to_json/from_json, as an application's JSON
// values go through it.
//
// Input: byte 0 chooses T (bit 0) and a null (bit 7); the rest are the
// bytes to deserialize.
//
// Properties:
//  * deserialize() returns or throws SerdeError, never anything else, and
//    no undefined behaviour on the way (UBSan);
//  * whatever it returns is written back by serialize() to bytes that read
//    back to an equal value (and serialize() is then a fixed point), or
//    serialize() throws SerdeError; it never writes something else.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "sluice/json_serde.h"

namespace {

struct Sample {
  std::string name;
  std::int64_t count = 0;
  double ratio = 0;
  std::vector<std::int64_t> ids;
  bool operator==(const Sample&) const = default;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Sample, name, count, ratio, ids)

template <typename T>
void check_round_trip(std::optional<std::string_view> bytes) {
  const sluice::Serde<T> serde = sluice::json_serde<T>();
  std::optional<T> value;
  try {
    value = serde.deserialize(bytes);
  } catch (const sluice::SerdeError&) {
    return;
  }
  FUZZ_CHECK(bytes.has_value(), "a null is refused");
  std::string out;
  try {
    serde.serialize(*value, out);
  } catch (const sluice::SerdeError&) {
    return;
  }
  T again;
  try {
    again = serde.deserialize(out);
  } catch (const sluice::SerdeError& e) {
    std::fprintf(stderr, "wrote %s, cannot read it: %s\n", out.c_str(),
                 e.what());
    FUZZ_CHECK(false, "what serialize() writes, deserialize() reads");
  }
  FUZZ_CHECK(again == *value, "deserialize(serialize(x)) == x");
  std::string out_again;
  serde.serialize(again, out_again);
  FUZZ_CHECK(out_again == out, "serialize() is a fixed point");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  std::optional<std::string_view> bytes;
  if ((data[0] & 0x80U) == 0) {
    bytes = std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1);
  }
  if ((data[0] & 1U) == 0) {
    check_round_trip<nlohmann::json>(bytes);
  } else {
    check_round_trip<Sample>(bytes);
  }
  return 0;
}
