// The batches the crash test's writer process commits, and the invariant a
// reopened store must satisfy. Shared by the writer and the test so both
// agree on keys, values and offsets.
//
// Batch i (1-based) puts keys_per_batch keys "batch/<i>/<j>" with values
// starting with "<i>:", sets "last" to "<i>", and commits changelog offset
// 10 * i.
#ifndef SLUICE_TESTS_FRAMEWORK_STATE_CRASH_BATCHES_H_
#define SLUICE_TESTS_FRAMEWORK_STATE_CRASH_BATCHES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "state/key_value_bytes_store.h"

namespace sluice::state::crash {

// The key "last" holds the number of the newest batch.
inline constexpr const char* kLastKey = "last";

// The changelog offset batch `i` commits.
inline std::int64_t offset_of(int i) { return std::int64_t{10} * i; }

// The j-th key of batch i.
inline std::string key_of(int i, int j) {
  return "batch/" + std::to_string(i) + "/" + std::to_string(j);
}

// The value batch i writes under its keys: "<i>:" padded to value_bytes.
inline std::string value_of(int i, std::size_t value_bytes) {
  std::string value = std::to_string(i) + ":";
  if (value.size() < value_bytes) value.resize(value_bytes, 'x');
  return value;
}

// The writes of batch i.
inline std::vector<BytesWrite> batch(int i, int keys_per_batch,
                                     std::size_t value_bytes) {
  std::vector<BytesWrite> writes;
  for (int j = 0; j < keys_per_batch; ++j) {
    writes.push_back({key_of(i, j), value_of(i, value_bytes)});
  }
  writes.push_back({kLastKey, std::to_string(i)});
  return writes;
}

}  // namespace sluice::state::crash

#endif  // SLUICE_TESTS_FRAMEWORK_STATE_CRASH_BATCHES_H_
