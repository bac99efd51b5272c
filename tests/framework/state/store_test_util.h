// Small helpers shared by the state store tests: single-key writes and
// collecting iterations into vectors.
#ifndef SLUICE_TESTS_FRAMEWORK_STATE_STORE_TEST_UTIL_H_
#define SLUICE_TESTS_FRAMEWORK_STATE_STORE_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "state/key_value_bytes_store.h"

namespace sluice::state {

using Entries = std::vector<std::pair<std::string, std::string>>;

// Writes one put as its own batch with `offset` (-1: offset unchanged).
inline Status put(KeyValueBytesStore& store, std::string key, std::string value,
                  std::int64_t offset = -1) {
  return store.write_batch({{std::move(key), std::move(value)}}, offset);
}

// Writes one delete as its own batch.
inline Status remove(KeyValueBytesStore& store, std::string key) {
  return store.write_batch({{std::move(key), std::nullopt}}, -1);
}

// A visitor that appends to `out` and stops after `limit` entries.
inline BytesVisitor collector(Entries& out, std::size_t limit = SIZE_MAX) {
  return [&out, limit](std::string_view key, std::string_view value) {
    out.emplace_back(key, value);
    return out.size() < limit;
  };
}

// Every entry of `store` in iteration order; fails the caller on error.
inline Entries all_entries(const KeyValueBytesStore& store) {
  Entries out;
  Status s = store.all(collector(out));
  if (!s.ok()) throw StatusError(s);
  return out;
}

// The entries of [from, to] in iteration order.
inline Entries range_entries(const KeyValueBytesStore& store,
                             std::string_view from, std::string_view to) {
  Entries out;
  Status s = store.range(from, to, collector(out));
  if (!s.ok()) throw StatusError(s);
  return out;
}

}  // namespace sluice::state

#endif  // SLUICE_TESTS_FRAMEWORK_STATE_STORE_TEST_UTIL_H_
