// ReadingDocument: an editable nested METR-LA reading, for the generator.

#ifndef TRAFFIC_CORE_READING_DOCUMENT_H_
#define TRAFFIC_CORE_READING_DOCUMENT_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "traffic/core/field.h"
#include "traffic/core/random.h"
#include "traffic/core/reading.h"

namespace traffic {

// How a document is written out.
struct DocumentStyle {
  bool shuffle = false;      // members in random order within each object
  bool pretty = false;       // spaces and line breaks between tokens
  bool escape_keys = false;  // write '_' in keys as \u005f
};

// The members of the four objects of a reading (top level, traffic_data,
// location, weather), each value held as raw JSON text so that it can be
// made wrong on purpose. Known fields start in Field order, unknown members
// follow. Thread-compatible.
class ReadingDocument {
 public:
  // The document of `reading` with `timestamp` as the timestamp's text (not
  // quoted). Optional fields are included when the reading has them.
  ReadingDocument(const Reading& reading, std::string_view timestamp);

  // Returns true if `field` has at least one occurrence.
  bool has(Field field) const;

  // Makes `raw_json` the only value of `field`, adding the member at the end
  // of its parent if absent. For an object field, replaces its body.
  // REQUIRES: field is not kRoot.
  void set(Field field, std::string raw_json);

  // Removes every occurrence of `field`.
  void remove(Field field);

  // Adds a second occurrence of `field` (after the first) with `raw_json`,
  // or with a copy of the first value if `raw_json` is empty.
  // REQUIRES: has(field).
  void duplicate(Field field, std::string raw_json = {});

  // Appends an unknown member to the object `parent` (kRoot or one of the
  // three object fields).
  void add_unknown(Field parent, std::string_view key, std::string raw_json);

  // Writes the document. `random` is used only when style.shuffle is set.
  std::string serialize(const DocumentStyle& style, Random& random) const;

  // Returns `text` as a JSON string literal.
  static std::string quote(std::string_view text);

  // Returns `value` as a shortest round-trip JSON number.
  static std::string number(double value);

 private:
  struct Member {
    std::string key;
    Field field;      // kRoot for unknown members
    std::string raw;  // value text, unless `body`
    bool body;        // an object field written from its members
  };

  static std::size_t object_index(Field object_field);
  std::vector<Member>& members_of(Field field);
  void write_object(std::size_t index, const DocumentStyle& style,
                    Random& random, int indent, std::string* out) const;

  std::array<std::vector<Member>, 4> objects_;
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_READING_DOCUMENT_H_
