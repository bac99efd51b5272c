#include "traffic/core/number_format.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace traffic {
namespace {

// Powers of ten that doubles hold exactly.
constexpr int kMaxFractionDigits = 15;
constexpr std::array<double, kMaxFractionDigits + 1> kPowersOf10 = {
    1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// Below 2^50 the k-digit decimals around a double are further apart than
// its rounding interval, so at most one of them maps to it, and it is the
// integer nearest to value * 10^k.
constexpr double kMaxMantissa = 0x1p50;

// Rounds to the nearest integer (ties to even) without a libm call.
// REQUIRES: 0 <= x < 2^51 and the default rounding mode.
double round_small(double x) { return (x + 0x1p52) - 0x1p52; }

char* fallback(double value, char* out) {
  return std::to_chars(out, out + kMaxDoubleChars, value).ptr;
}

// Returns the fewest fraction digits k for which some integer m has
// m / 10^k == magnitude, and sets *mantissa to m; -1 if there is none
// below 2^50 with k <= kMaxFractionDigits.
int fraction_digits(double magnitude, double* mantissa) {
  for (int k = 0; k <= kMaxFractionDigits; ++k) {
    const double product = magnitude * kPowersOf10[k];
    if (product >= kMaxMantissa) return -1;
    const double rounded = round_small(product);
    // A cheap filter first: the product of a k-digit decimal's double and
    // 10^k lies within a few ulps of the decimal's integer.
    if (rounded != 0 && std::fabs(product - rounded) <= product * 0x1p-49 &&
        rounded / kPowersOf10[k] == magnitude) {
      *mantissa = rounded;
      return k;
    }
  }
  return -1;
}

}  // namespace

char* format_double(double value, char* out) {
  const double magnitude = std::fabs(value);
  if (!(magnitude >= 1e-5 && magnitude < 1e15)) return fallback(value, out);
  double mantissa = 0;
  const int k = fraction_digits(magnitude, &mantissa);
  if (k < 0) return fallback(value, out);
  const auto digits_value = static_cast<std::uint64_t>(mantissa);
  char text[24];
  const int digits = static_cast<int>(
      std::to_chars(text, text + sizeof(text), digits_value).ptr - text);
  // to_chars prefers scientific notation only when it is strictly shorter.
  std::uint64_t significant_value = digits_value;
  int significant = digits;
  while (significant_value % 10 == 0) {
    significant_value /= 10;
    --significant;
  }
  const int exponent = digits - 1 - k;
  const int exponent_digits = std::abs(exponent) >= 100 ? 3 : 2;
  const int scientific_length =
      significant + (significant > 1 ? 1 : 0) + 2 + exponent_digits;
  const int fixed_length = k == 0 ? digits : digits > k ? digits + 1 : k + 2;
  if (scientific_length < fixed_length) return fallback(value, out);

  if (value < 0) *out++ = '-';
  if (k == 0) {
    std::memcpy(out, text, static_cast<std::size_t>(digits));
    return out + digits;
  }
  if (digits > k) {
    const int whole = digits - k;
    std::memcpy(out, text, static_cast<std::size_t>(whole));
    out[whole] = '.';
    std::memcpy(out + whole + 1, text + whole, static_cast<std::size_t>(k));
    return out + digits + 1;
  }
  *out++ = '0';
  *out++ = '.';
  std::memset(out, '0', static_cast<std::size_t>(k - digits));
  out += k - digits;
  std::memcpy(out, text, static_cast<std::size_t>(digits));
  return out + digits;
}

char* format_json_number(double value, char* out) {
  if (!std::isfinite(value)) return std::copy_n("null", 4, out);
  return format_double(value == 0 ? 0.0 : value, out);
}

}  // namespace traffic
