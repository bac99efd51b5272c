#include "traffic/core/malformed_json.h"

#include <array>
#include <string_view>

#include "traffic/core/reading_parser.h"

namespace traffic {
namespace {

template <std::size_t N>
std::string pick(const std::array<std::string_view, N>& options,
                 Random& random) {
  return std::string(options[random.below(N)]);
}

constexpr std::array<std::string_view, 5> kBadUtf8 = {
    "\xc3\x28", "\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82"};
constexpr std::array<std::string_view, 4> kBadEscapes = {"\\q", "\\u12G4",
                                                         "\\ud800", "\\udc00x"};
constexpr std::array<std::string_view, 13> kBadTokens = {
    "tru", "nul", "falsey", "031.6",    "+5",   ".5",   "1.",
    "1e",  "-",   "NaNa",   "infinity", "0x1F", "1_000"};

std::string truncated(const std::string& text, Random& random) {
  return text.substr(0, 1 + random.below(text.size() - 1));
}

std::string not_an_object(const std::string& text, Random& random) {
  const std::array<std::string, 6> options = {"[" + text + "]", "42", "true",
                                              "\"reading\"",    "[]", "-1.5e3"};
  return options[random.below(options.size())];
}

std::string with_trailing_content(const std::string& text, Random& random) {
  const std::array<std::string, 6> options = {text + "}",
                                              text + " x",
                                              text + text,
                                              text + ",",
                                              text + std::string(1, '\0'),
                                              text + "{}"};
  return options[random.below(options.size())];
}

// Breaks the punctuation of the object itself.
std::string with_bad_punctuation(std::string text, Random& random) {
  switch (random.below(4)) {
    case 0:  // a missing comma between the first two members
      text.erase(text.find(','), 1);
      return text;
    case 1:  // a missing colon
      text[text.find(':')] = ' ';
      return text;
    case 2:  // a trailing comma
      text.insert(text.rfind('}'), ",");
      return text;
    default:  // a single-quoted key
      text[text.find('"')] = '\'';
      return text;
  }
}

std::string nested(std::size_t depth, bool arrays) {
  std::string out;
  for (std::size_t i = 0; i < depth; ++i) out += arrays ? "[" : "{\"a\":";
  out += "1";
  for (std::size_t i = 0; i < depth; ++i) out += arrays ? "]" : "}";
  return out;
}

std::string binary_garbage(Random& random) {
  std::string out = "\xff\xfe";
  const std::size_t length = random.below(40);
  for (std::size_t i = 0; i < length; ++i) {
    out.push_back(static_cast<char>(random.below(256)));
  }
  return out;
}

}  // namespace

std::string make_malformed_json(ReadingDocument document,
                                const DocumentStyle& style, Random& random,
                                std::size_t variant) {
  if (variant >= kMalformedVariantCount) {
    variant = random.below(kMalformedVariantCount);
  }
  switch (variant) {
    case 0: return truncated(document.serialize(style, random), random);
    case 1:
      document.set(Field::kHighway, "\"I-" + pick(kBadUtf8, random) + "5\"");
      break;
    case 2: {
      const char control = "\0\x01\n\t\x1f"[random.below(5)];
      document.set(Field::kCondition, std::string("\"clo") + control + "udy\"");
      break;
    }
    case 3:
      document.set(Field::kCondition, "\"" + pick(kBadEscapes, random) + "\"");
      break;
    case 4: return not_an_object(document.serialize(style, random), random);
    case 5:
      return with_trailing_content(document.serialize(style, random), random);
    case 6:
      // Depth kMaxJsonDepth + 1 for the innermost container.
      document.add_unknown(Field::kRoot, "trace",
                           nested(kMaxJsonDepth, random.chance(0.5)));
      break;
    case 7:
      return with_bad_punctuation(document.serialize(style, random), random);
    case 8:
      if (random.chance(0.5)) {
        document.set(Field::kSpeedMph, pick(kBadTokens, random));
      } else {
        document.add_unknown(Field::kTrafficData, "quality",
                             pick(kBadTokens, random));
      }
      break;
    default: return binary_garbage(random);
  }
  return document.serialize(style, random);
}

}  // namespace traffic
