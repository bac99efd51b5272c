// Byte-level breakages of a reading that the parser must call malformed.

#ifndef TRAFFIC_CORE_MALFORMED_JSON_H_
#define TRAFFIC_CORE_MALFORMED_JSON_H_

#include <cstddef>
#include <string>

#include "traffic/core/random.h"
#include "traffic/core/reading_document.h"

namespace traffic {

// Number of breakage families make_malformed_json() draws from.
inline constexpr std::size_t kMalformedVariantCount = 10;

// Returns `document` broken in one of kMalformedVariantCount ways: a
// truncated text, invalid UTF-8 in a string, an unescaped control character
// (NUL included) in a string, a bad escape or lone surrogate, a top-level
// value that is not an object, trailing content, nesting deeper than
// kMaxJsonDepth, damaged punctuation, a bad literal or number, or binary
// garbage. `variant` selects the family; otherwise one is drawn. Every
// result is malformed by the rules in reading_parser.h whatever the style.
// REQUIRES: the document is a clean one (no faults applied).
std::string make_malformed_json(ReadingDocument document,
                                const DocumentStyle& style, Random& random,
                                std::size_t variant = kMalformedVariantCount);

}  // namespace traffic

#endif  // TRAFFIC_CORE_MALFORMED_JSON_H_
