// Java-style properties files (key=value lines) for StreamsConfig.
#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "sluice/config.h"

namespace sluice {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

std::string_view trim_leading(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  return s;
}

// True when `line` ends in an odd number of backslashes (a continuation).
bool continues(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[line.size() - 1 - n] == '\\') ++n;
  return n % 2 == 1;
}

[[noreturn]] void fail_line(int line, const std::string& why) {
  throw ConfigError("line " + std::to_string(line) + ": " + why);
}

// Appends the code point `cp` (from a \uXXXX escape) as UTF-8.
void append_utf8(unsigned cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Resolves the escapes of `raw`. `what` names the part in errors ("the key",
// "the value of 'k'"); the text itself is never quoted.
std::string unescape(std::string_view raw, int line, const std::string& what) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 == raw.size()) {
      out.push_back(raw[i]);
      continue;
    }
    const char c = raw[++i];
    switch (c) {
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        unsigned cp = 0;
        for (int d = 0; d < 4; ++d, ++i) {
          const char h = i + 1 < raw.size() ? raw[i + 1] : '\0';
          if (!std::isxdigit(static_cast<unsigned char>(h))) {
            fail_line(line, what + " has a malformed \\uXXXX escape");
          }
          cp = cp * 16 +
               static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h))
                                         ? h - '0'
                                         : std::tolower(h) - 'a' + 10);
        }
        append_utf8(cp, out);
        break;
      }
      default: out.push_back(c);
    }
  }
  return out;
}

// The position of the first unescaped '=' or ':' in `logical`, or npos.
std::size_t separator(std::string_view logical) {
  for (std::size_t i = 0; i < logical.size(); ++i) {
    if (logical[i] == '\\') {
      ++i;
    } else if (logical[i] == '=' || logical[i] == ':') {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

StreamsConfig::Properties parse_properties(std::string_view text) {
  StreamsConfig::Properties out;
  std::istringstream in{std::string(text)};
  std::string physical;
  int number = 0;
  while (std::getline(in, physical)) {
    ++number;
    const int first = number;
    if (!physical.empty() && physical.back() == '\r') physical.pop_back();
    std::string_view view = trim_leading(physical);
    if (view.empty() || view.front() == '#' || view.front() == '!') continue;
    std::string logical(view);
    while (continues(logical) && std::getline(in, physical)) {
      ++number;
      if (!physical.empty() && physical.back() == '\r') physical.pop_back();
      logical.pop_back();
      logical += trim_leading(physical);
    }
    if (continues(logical)) logical.pop_back();  // at the end of the file
    const std::size_t sep = separator(logical);
    if (sep == std::string::npos) {
      fail_line(first, "expected key=value (the line is not shown)");
    }
    std::string_view raw_key = std::string_view(logical).substr(0, sep);
    while (!raw_key.empty() && is_blank(raw_key.back())) {
      raw_key.remove_suffix(1);
    }
    const std::string key = unescape(raw_key, first, "the key");
    if (key.empty()) fail_line(first, "empty key");
    std::string_view raw_value = std::string_view(logical).substr(sep + 1);
    raw_value = trim_leading(raw_value);
    // Trailing blanks are kept, as Java does: a password may end in one.
    out[key] = unescape(raw_value, first, "the value of '" + key + "'");
  }
  return out;
}

StreamsConfig::Properties load_properties_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ConfigError(path + ": cannot be read");
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) throw ConfigError(path + ": cannot be read");
  try {
    return parse_properties(text.str());
  } catch (const ConfigError& e) {
    throw ConfigError(path + ": " + e.what());
  }
}

}  // namespace sluice
