// Well-formed UTF-8 for text that must go into JSON.

#ifndef TRAFFIC_CORE_UTF8_H_
#define TRAFFIC_CORE_UTF8_H_

#include <string>
#include <string_view>

namespace traffic {

// `text` itself when it is well-formed UTF-8 (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF); otherwise a copy in *scratch in
// which every byte that does not begin a well-formed sequence is replaced
// by U+FFFD, and a view of it. The view is valid while `text` and *scratch
// are. REQUIRES: scratch is not null.
std::string_view well_formed_utf8(std::string_view text, std::string* scratch);

}  // namespace traffic

#endif  // TRAFFIC_CORE_UTF8_H_
