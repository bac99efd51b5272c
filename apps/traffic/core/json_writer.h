// JsonWriter: a minimal, fast JSON text writer.

#ifndef TRAFFIC_CORE_JSON_WRITER_H_
#define TRAFFIC_CORE_JSON_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace traffic {

// Appends compact JSON (no whitespace) to a caller-owned string. Commas
// between members are inserted automatically. Strings are escaped per RFC
// 8259: '"', '\\' and control characters below U+0020 (as \b \f \n \r \t or
// \u00XX); other bytes, including UTF-8 sequences, pass through verbatim.
// Numbers are written as std::to_chars writes them (shortest round trip);
// -0 is written as 0 and non-finite doubles as null.
//
// For speed the writer grows *out ahead of the text and writes through a
// pointer: *out holds exactly the JSON text only after finish() (or the
// destructor) has run. The writer does not check that calls form a valid
// document. Not thread-safe.
class JsonWriter {
 public:
  // Appends to *out, which must outlive the writer.
  // REQUIRES: out is not null.
  explicit JsonWriter(std::string* out) : out_(out), size_(out->size()) {}
  ~JsonWriter() { finish(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();

  // Writes a member name; the next call writes its value.
  void key(std::string_view name);

  void string_value(std::string_view text);
  void double_value(double value);
  void int_value(std::int64_t value);
  void uint_value(std::uint64_t value);
  void bool_value(bool value);
  void null_value();
  // Writes `epoch_ms` as a "YYYY-MM-DDTHH:MM:SS.mmmZ" string.
  void timestamp_value(std::int64_t epoch_ms);

  // Shorthands for key() followed by the value.
  void member(std::string_view name, std::string_view text);
  void member(std::string_view name, double value);
  void member(std::string_view name, std::int64_t value);
  void member(std::string_view name, std::uint64_t value);
  void timestamp_member(std::string_view name, std::int64_t epoch_ms);
  void member(std::string_view name, bool value);
  void null_member(std::string_view name);

  // Trims *out to the text written so far. Further writes may follow.
  void finish() { out_->resize(size_); }

  // Appends `text` to *out as an escaped JSON string, quotes included.
  static void append_escaped(std::string_view text, std::string* out);

  // Building blocks for direct writers that size their buffer up front:
  // the most bytes write_string() may write for `text`, and writing `text`
  // quoted and escaped at `out` (returning the end).
  // REQUIRES for write_string: out has max_string_size(text) bytes of room.
  static std::size_t max_string_size(std::string_view text);
  static char* write_string(std::string_view text, char* out);

 private:
  // Returns a pointer to at least `bytes` writable bytes after the text,
  // preceded by a comma if one is due.
  char* room(std::size_t bytes);
  // Records that the text now ends at `end` and that a value was written.
  void commit(char* end, bool value_written);
  // Writes an opening bracket (a value starts, no comma follows it) or a
  // closing one (a value ends).
  void open(char bracket);
  void close(char bracket);
  // Writes `text` escaped and quoted at `at`, which has room for it; the
  // first `clean` bytes need no escape.
  static char* write_escaped(std::string_view text, std::size_t clean,
                             char* at);

  std::string* out_;
  std::size_t size_;
  bool need_comma_ = false;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_JSON_WRITER_H_
