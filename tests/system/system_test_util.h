// Helpers shared by the system tests (real broker).
#ifndef SLUICE_TESTS_SYSTEM_SYSTEM_TEST_UTIL_H_
#define SLUICE_TESTS_SYSTEM_SYSTEM_TEST_UTIL_H_

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sluice/serde.h"

namespace sluice::test {

// The broker the ctest fixture started (SLUICE_TEST_BOOTSTRAP).
inline std::string bootstrap() {
  const char* b = std::getenv("SLUICE_TEST_BOOTSTRAP");
  return b != nullptr ? b : "127.0.0.1:19092";
}

// A name unique to this run, so reruns against a kept broker start clean.
inline std::string unique(const std::string& base) {
  return base + "-" +
         std::to_string(
             std::chrono::system_clock::now().time_since_epoch().count());
}

inline std::string int64_bytes(std::int64_t v) {
  std::string out;
  Serdes::int64().serialize(v, out);
  return out;
}

}  // namespace sluice::test

#endif  // SLUICE_TESTS_SYSTEM_SYSTEM_TEST_UTIL_H_
