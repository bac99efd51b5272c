#include "traffic/core/reading_parser.h"

#include <simdjson.h>

#include <cmath>
#include <cstring>
#include <new>
#include <vector>

#include "traffic/core/json_token.h"

namespace traffic {
namespace {

namespace od = simdjson::ondemand;
using simdjson::SUCCESS;

enum class NumberRead : std::uint8_t { kFinite, kNonFinite, kMalformed };

}  // namespace

class ReadingParser::Impl {
 public:
  explicit Impl(std::size_t max_value_bytes)
      : max_value_bytes_(max_value_bytes),
        buffer_(max_value_bytes + simdjson::SIMDJSON_PADDING, '\0') {
    if (parser_.allocate(max_value_bytes + simdjson::SIMDJSON_PADDING) !=
        SUCCESS) {
      throw std::bad_alloc();
    }
  }

  ParseOutcome parse(std::optional<std::string_view> value, RawReading* out) {
    *out = RawReading{};
    if (!value || value->empty()) return ParseOutcome::kEmptyValue;
    if (value->size() > max_value_bytes_) return ParseOutcome::kTooLarge;
    if (value->front() != '{') {  // a reading starts with '{' at once
      const std::string_view trimmed = trim_json_whitespace(*value);
      if (trimmed.empty() || trimmed == "null") {
        return ParseOutcome::kEmptyValue;
      }
    }
    std::memcpy(buffer_.data(), value->data(), value->size());
    out_ = out;
    return parse_buffer(value->size());
  }

  std::size_t max_value_bytes() const { return max_value_bytes_; }

 private:
  // The value's token text without surrounding whitespace, or "" when it
  // does not lie inside the document: after an error (a truncated array or
  // object) simdjson's raw_json_token() can run past the end of the input
  // (the fuzzer found a read past the buffer this way).
  std::string_view token_of(od::value& value) const {
    const std::string_view raw = value.raw_json_token();
    const char* begin = buffer_.data();
    const char* end = begin + size_;
    if (raw.data() < begin || raw.data() > end ||
        raw.size() > static_cast<std::size_t>(end - raw.data())) {
      return {};
    }
    return trim_json_whitespace(raw);
  }

  // Reads a value whose type() said number (or whose type() failed).
  NumberRead read_number(od::value& value, double* out) const {
    if (value.get_double().get(*out) == SUCCESS) {
      return std::isfinite(*out) ? NumberRead::kFinite : NumberRead::kNonFinite;
    }
    const std::string_view token = token_of(value);
    // A grammatical number simdjson cannot hold overflows a double.
    if (is_json_number_token(token) || is_non_finite_token(token)) {
      return NumberRead::kNonFinite;
    }
    return NumberRead::kMalformed;
  }

  ParseOutcome parse_buffer(std::size_t size) {
    size_ = size;
    od::document doc;
    if (parser_.iterate(buffer_.data(), size, buffer_.size()).get(doc) !=
        SUCCESS) {
      return ParseOutcome::kMalformedJson;
    }
    od::json_type type;
    if (doc.type().get(type) != SUCCESS) return ParseOutcome::kMalformedJson;
    od::object root;
    if (type != od::json_type::object ||
        doc.get_object().get(root) != SUCCESS ||
        !read_object(root, Field::kRoot, /*record=*/true, 1)) {
      return ParseOutcome::kMalformedJson;
    }
    // Anything after the object's closing brace is trailing content.
    const char* location = nullptr;
    if (doc.current_location().get(location) != simdjson::OUT_OF_BOUNDS) {
      return ParseOutcome::kMalformedJson;
    }
    return ParseOutcome::kOk;
  }

  // Reads the members of `object` (at nesting `depth`). With `record`, the
  // known children of `parent` are recorded; otherwise every member is only
  // validated. Returns false if the JSON is malformed.
  bool read_object(od::object& object, Field parent, bool record, int depth) {
    if (depth > kMaxJsonDepth) return false;
    for (auto member : object) {
      od::field field;
      std::string_view key;
      if (std::move(member).get(field) != SUCCESS ||
          field.unescaped_key().get(key) != SUCCESS) {
        return false;
      }
      const Field known = record ? find_child_field(parent, key) : Field::kRoot;
      const bool ok = known == Field::kRoot
                          ? check_value(field.value(), depth + 1)
                          : read_field(field.value(), known, depth + 1);
      if (!ok) return false;
    }
    return true;
  }

  // Records one occurrence of a known field.
  bool read_field(od::value& value, Field field, int depth) {
    RawField& slot = (*out_)[field];
    if (slot.state != FieldState::kAbsent) {
      slot = RawField{FieldState::kDuplicate, 0, {}};
      return check_value(value, depth);
    }
    const FieldKind kind = field_info(field).kind;
    od::json_type type;
    if (value.type().get(type) != SUCCESS) {
      if (!is_non_finite_token(token_of(value))) return false;
      slot.state = kind == FieldKind::kNumber ? FieldState::kNonFinite
                                              : FieldState::kWrongType;
      return true;
    }
    if (type == od::json_type::null) {
      slot.state = FieldState::kNull;
      return check_value(value, depth);
    }
    if (kind == FieldKind::kObject && type == od::json_type::object) {
      od::object object;
      slot.state = FieldState::kPresent;
      return value.get_object().get(object) == SUCCESS &&
             read_object(object, field, /*record=*/true, depth);
    }
    if (kind == FieldKind::kString && type == od::json_type::string) {
      slot.state = FieldState::kPresent;
      return value.get_string().get(slot.text) == SUCCESS;
    }
    if (kind == FieldKind::kNumber && type == od::json_type::number) {
      switch (read_number(value, &slot.number)) {
        case NumberRead::kFinite:
          slot.state = FieldState::kPresent;
          return true;
        case NumberRead::kNonFinite:
          slot.state = FieldState::kNonFinite;
          return true;
        case NumberRead::kMalformed: return false;
      }
    }
    slot.state = FieldState::kWrongType;
    return check_value(value, depth);
  }

  // Validates and consumes a value whose content is not recorded.
  bool check_value(od::value& value, int depth) {
    od::json_type type;
    if (value.type().get(type) != SUCCESS) {
      return is_non_finite_token(token_of(value));
    }
    switch (type) {
      case od::json_type::object: {
        od::object object;
        return value.get_object().get(object) == SUCCESS &&
               read_object(object, Field::kRoot, /*record=*/false, depth);
      }
      case od::json_type::array: return check_array(value, depth);
      case od::json_type::string: {
        std::string_view text;
        return value.get_string().get(text) == SUCCESS;
      }
      case od::json_type::number: {
        double number = 0;
        return read_number(value, &number) != NumberRead::kMalformed;
      }
      case od::json_type::boolean: {
        bool flag = false;
        return value.get_bool().get(flag) == SUCCESS;
      }
      case od::json_type::null: {
        bool is_null = false;
        return value.is_null().get(is_null) == SUCCESS && is_null;
      }
    }
    return false;
  }

  bool check_array(od::value& value, int depth) {
    if (depth > kMaxJsonDepth) return false;
    od::array array;
    if (value.get_array().get(array) != SUCCESS) return false;
    for (auto element : array) {
      od::value item;
      if (element.get(item) != SUCCESS || !check_value(item, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  const std::size_t max_value_bytes_;
  std::vector<char> buffer_;
  std::size_t size_ = 0;  // of the document in buffer_ being parsed
  od::parser parser_;
  RawReading* out_ = nullptr;
};

ReadingParser::ReadingParser(std::size_t max_value_bytes)
    : impl_(std::make_unique<Impl>(max_value_bytes)) {}

ReadingParser::~ReadingParser() = default;

ParseOutcome ReadingParser::parse(std::optional<std::string_view> value,
                                  RawReading* out) {
  return impl_->parse(value, out);
}

std::size_t ReadingParser::max_value_bytes() const {
  return impl_->max_value_bytes();
}

}  // namespace traffic
