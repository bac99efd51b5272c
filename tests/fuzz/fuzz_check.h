// FUZZ_CHECK: the property checks of the fuzz targets. A failed check prints
// what was violated and aborts, which libFuzzer reports as a crash and saves
// the input as crash-<sha1> (reproduce: ./fuzz_<name> crash-<sha1>).
#ifndef TESTS_FUZZ_FUZZ_CHECK_H_
#define TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                         \
  do {                                                                      \
    if (!(condition)) {                                                     \
      std::fprintf(stderr, "%s:%d: property violated: %s (%s)\n", __FILE__, \
                   __LINE__, what, #condition);                             \
      std::abort();                                                         \
    }                                                                       \
  } while (false)

#endif  // TESTS_FUZZ_FUZZ_CHECK_H_
