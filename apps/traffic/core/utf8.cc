#include "traffic/core/utf8.h"

#include <simdjson.h>

#include <cstddef>

namespace traffic {
namespace {

bool continuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

// The length of the well-formed sequence at text[i], or 0 when none starts
// there.
std::size_t sequence_at(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) {
    return static_cast<unsigned char>(text[i + k]);
  };
  const unsigned char lead = at(0);
  if (lead < 0x80U) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80U;  // bounds of the second byte
  unsigned char high = 0xBFU;
  if (lead >= 0xC2U && lead <= 0xDFU) {
    length = 2;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    length = 3;
    if (lead == 0xE0U) low = 0xA0U;   // overlong
    if (lead == 0xEDU) high = 0x9FU;  // surrogates
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    length = 4;
    if (lead == 0xF0U) low = 0x90U;   // overlong
    if (lead == 0xF4U) high = 0x8FU;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (at(1) < low || at(1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!continuation(at(k))) return 0;
  }
  return length;
}

}  // namespace

std::string_view well_formed_utf8(std::string_view text, std::string* scratch) {
  if (simdjson::validate_utf8(text.data(), text.size())) return text;
  scratch->clear();
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_at(text, i);
    if (n == 0) {
      scratch->append("\xEF\xBF\xBD");  // U+FFFD
      ++i;
    } else {
      scratch->append(text.substr(i, n));
      i += n;
    }
  }
  return *scratch;
}

}  // namespace traffic
