#include "traffic/core/json_token.h"

#include <cstddef>

namespace traffic {
namespace {

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Advances `pos` over digits; returns how many there were.
std::size_t skip_digits(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  return pos - start;
}

}  // namespace

std::string_view trim_json_whitespace(std::string_view text) {
  while (!text.empty() && is_json_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_json_space(text.back())) text.remove_suffix(1);
  return text;
}

bool is_json_number_token(std::string_view token) {
  std::size_t pos = 0;
  if (pos < token.size() && token[pos] == '-') ++pos;
  if (pos < token.size() && token[pos] == '0') {
    ++pos;
  } else if (skip_digits(token, pos) == 0) {
    return false;
  }
  if (pos < token.size() && token[pos] == '.') {
    ++pos;
    if (skip_digits(token, pos) == 0) return false;
  }
  if (pos < token.size() && (token[pos] == 'e' || token[pos] == 'E')) {
    ++pos;
    if (pos < token.size() && (token[pos] == '+' || token[pos] == '-')) ++pos;
    if (skip_digits(token, pos) == 0) return false;
  }
  return pos == token.size();
}

bool is_non_finite_token(std::string_view token) {
  return token == "NaN" || token == "Infinity" || token == "-Infinity";
}

}  // namespace traffic
