// INTERNAL. How window-store entries are laid out in a key-value store:
//   [0x02][window start, 8 bytes big-endian][key bytes] -> aggregate
//   [0x00]"emitted"                                      -> stream time up to
//                                                           which final results
//                                                           were emitted
//   [0x00]"stream-time"                                  -> the task's stream
//                                                           time at the last
//                                                           commit
// Entries are ordered by window start first, so that the windows that expire
// are one range at the front of the store and the expiry never reads the
// live ones. Stores written before this layout hold
//   [0x01][key bytes][window start, 8 bytes big-endian] -> aggregate
// and are rewritten in the new layout when the store is opened.
#ifndef SLUICE_DETAIL_WINDOW_KEYS_H_
#define SLUICE_DETAIL_WINDOW_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::detail {

inline constexpr char kLegacyWindowEntryTag = '\x01';
inline constexpr char kWindowEntryTag = '\x02';
inline constexpr std::string_view kEmittedMetaKey{
    "\x00"
    "emitted",
    8};
inline constexpr std::string_view kStreamTimeMetaKey{
    "\x00"
    "stream-time",
    12};

inline void append_be64(std::int64_t value, std::string& out) {
  const auto v = static_cast<std::uint64_t>(value);
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xffU));
  }
}

inline std::int64_t read_be64(std::string_view bytes) {
  std::uint64_t v = 0;
  for (char c : bytes.substr(0, 8))
    v = (v << 8) | static_cast<unsigned char>(c);
  return static_cast<std::int64_t>(v);
}

// Writes the entry key for (key bytes, window start) into `out`.
// REQUIRES: start >= 0 (big-endian bytes sort like non-negative numbers).
inline void window_entry_key(std::string_view key, std::int64_t start,
                             std::string& out) {
  out.clear();
  out.push_back(kWindowEntryTag);
  append_be64(start, out);
  out.append(key);
}

// The smallest entry key of the windows that start at `start`: every entry
// of a window that starts at or after `start` sorts at or after it.
// REQUIRES: start >= 0.
inline std::string window_start_bound(std::int64_t start) {
  std::string out;
  window_entry_key({}, start, out);
  return out;
}

// A key after every window entry.
inline std::string window_entries_end() {
  return std::string(1, static_cast<char>(kWindowEntryTag + 1));
}

struct WindowEntry {
  std::string_view key;
  std::int64_t start = 0;
};

// Splits an entry key; nullopt for meta keys and malformed entries.
inline std::optional<WindowEntry> parse_window_entry(std::string_view entry) {
  if (entry.size() < 9 || entry[0] != kWindowEntryTag) return std::nullopt;
  return WindowEntry{entry.substr(9), read_be64(entry.substr(1, 8))};
}

// Splits an entry key of the key-first layout; nullopt for anything else.
inline std::optional<WindowEntry> parse_legacy_window_entry(
    std::string_view entry) {
  if (entry.size() < 9 || entry[0] != kLegacyWindowEntryTag) {
    return std::nullopt;
  }
  return WindowEntry{entry.substr(1, entry.size() - 9),
                     read_be64(entry.substr(entry.size() - 8))};
}

}  // namespace sluice::detail

#endif  // SLUICE_DETAIL_WINDOW_KEYS_H_
