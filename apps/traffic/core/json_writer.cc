#include "traffic/core/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "traffic/core/iso8601.h"
#include "traffic/core/number_format.h"

namespace traffic {
namespace {

// Longest escape of one byte ("\u001f") and longest number texts.
constexpr std::size_t kMaxEscapeBytes = 6;
constexpr std::size_t kMaxNumberBytes = kMaxDoubleChars;
// The smallest growth of the output, to avoid many tiny ones.
constexpr std::size_t kMinimumRoom = 128;

// For each byte: 0 if it is written as is, else the byte after the
// backslash ('u' for the \u00XX form).
constexpr std::array<char, 256> kEscapes = [] {
  std::array<char, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = 'u';
  table['\b'] = 'b';
  table['\f'] = 'f';
  table['\n'] = 'n';
  table['\r'] = 'r';
  table['\t'] = 't';
  table['"'] = '"';
  table['\\'] = '\\';
  return table;
}();

// Returns how many leading bytes of `text` need no escape.
std::size_t clean_prefix(std::string_view text) {
  std::size_t length = 0;
  while (length < text.size() &&
         kEscapes[static_cast<unsigned char>(text[length])] == 0) {
    ++length;
  }
  return length;
}

// Bytes the quoted, escaped `text` may take, given its clean prefix.
std::size_t escaped_bound(std::string_view text, std::size_t clean) {
  return clean + (text.size() - clean) * kMaxEscapeBytes + 2;
}

}  // namespace

char* JsonWriter::write_escaped(std::string_view text, std::size_t clean,
                                char* at) {
  *at++ = '"';
  std::memcpy(at, text.data(), clean);
  at += clean;
  for (const char c : text.substr(clean)) {
    const char escape = kEscapes[static_cast<unsigned char>(c)];
    if (escape == 0) {
      *at++ = c;
      continue;
    }
    *at++ = '\\';
    *at++ = escape;
    if (escape == 'u') {
      const auto byte = static_cast<unsigned char>(c);
      *at++ = '0';
      *at++ = '0';
      *at++ = "0123456789abcdef"[byte >> 4];
      *at++ = "0123456789abcdef"[byte & 0xf];
    }
  }
  *at++ = '"';
  return at;
}

std::size_t JsonWriter::max_string_size(std::string_view text) {
  return escaped_bound(text, clean_prefix(text));
}

char* JsonWriter::write_string(std::string_view text, char* out) {
  return write_escaped(text, clean_prefix(text), out);
}

void JsonWriter::append_escaped(std::string_view text, std::string* out) {
  JsonWriter writer(out);
  writer.string_value(text);
}

char* JsonWriter::room(std::size_t bytes) {
  const std::size_t needed = size_ + bytes + 1;
  if (out_->size() < needed) {
    out_->resize(std::max({needed, 2 * out_->size(), kMinimumRoom}));
  }
  char* at = out_->data() + size_;
  if (need_comma_) *at++ = ',';
  return at;
}

void JsonWriter::commit(char* end, bool value_written) {
  size_ = static_cast<std::size_t>(end - out_->data());
  need_comma_ = value_written;
}

void JsonWriter::open(char bracket) {
  char* at = room(1);
  *at++ = bracket;
  commit(at, false);
}

void JsonWriter::close(char bracket) {
  need_comma_ = false;
  char* at = room(1);
  *at++ = bracket;
  commit(at, true);
}

void JsonWriter::begin_object() { open('{'); }
void JsonWriter::end_object() { close('}'); }
void JsonWriter::begin_array() { open('['); }
void JsonWriter::end_array() { close(']'); }

void JsonWriter::key(std::string_view name) {
  const std::size_t clean = clean_prefix(name);
  char* at = write_escaped(name, clean, room(escaped_bound(name, clean) + 1));
  *at++ = ':';
  commit(at, false);
}

void JsonWriter::string_value(std::string_view text) {
  const std::size_t clean = clean_prefix(text);
  commit(write_escaped(text, clean, room(escaped_bound(text, clean))), true);
}

void JsonWriter::double_value(double value) {
  commit(format_json_number(value, room(kMaxNumberBytes)), true);
}

void JsonWriter::int_value(std::int64_t value) {
  char* at = room(kMaxNumberBytes);
  commit(std::to_chars(at, at + kMaxNumberBytes, value).ptr, true);
}

void JsonWriter::uint_value(std::uint64_t value) {
  char* at = room(kMaxNumberBytes);
  commit(std::to_chars(at, at + kMaxNumberBytes, value).ptr, true);
}

void JsonWriter::bool_value(bool value) {
  commit(value ? std::copy_n("true", 4, room(4))
               : std::copy_n("false", 5, room(5)),
         true);
}

void JsonWriter::null_value() { commit(std::copy_n("null", 4, room(4)), true); }

void JsonWriter::timestamp_value(std::int64_t epoch_ms) {
  char* at = room(kIso8601Length + 2);
  *at++ = '"';
  format_iso8601_ms(epoch_ms, at);
  at += kIso8601Length;
  *at++ = '"';
  commit(at, true);
}

void JsonWriter::member(std::string_view name, std::string_view text) {
  key(name);
  string_value(text);
}

void JsonWriter::member(std::string_view name, double value) {
  key(name);
  double_value(value);
}

void JsonWriter::member(std::string_view name, std::int64_t value) {
  key(name);
  int_value(value);
}

void JsonWriter::member(std::string_view name, std::uint64_t value) {
  key(name);
  uint_value(value);
}

void JsonWriter::timestamp_member(std::string_view name,
                                  std::int64_t epoch_ms) {
  key(name);
  timestamp_value(epoch_ms);
}

void JsonWriter::member(std::string_view name, bool value) {
  key(name);
  bool_value(value);
}

void JsonWriter::null_member(std::string_view name) {
  key(name);
  null_value();
}

}  // namespace traffic
