// Random: a small deterministic pseudo-random generator for the simulator.

#ifndef TRAFFIC_CORE_RANDOM_H_
#define TRAFFIC_CORE_RANDOM_H_

#include <cstddef>
#include <cstdint>

namespace traffic {

// Returns a well-mixed 64-bit hash of (a, b) (SplitMix64 finaliser); for
// noise that must not depend on generation order. Thread-safe.
std::uint64_t mix64(std::uint64_t a, std::uint64_t b);

// xoshiro256** seeded through SplitMix64. All draws use integer arithmetic
// only, so a seed yields the same sequence on every platform and standard
// library (unlike <random>'s distributions). Not thread-safe.
class Random {
 public:
  explicit Random(std::uint64_t seed);

  // Returns the next 64 random bits.
  std::uint64_t next();

  // Returns a double uniform in [0, 1), with 53 random bits.
  double uniform();

  // Returns a double uniform in [low, high).
  double uniform(double low, double high);

  // Returns an integer uniform in [0, bound). REQUIRES: bound > 0.
  std::uint64_t below(std::uint64_t bound);

  // Returns an integer uniform in [low, high]. REQUIRES: low <= high.
  std::int64_t between(std::int64_t low, std::int64_t high);

  // Returns true with probability `p` (p <= 0: never, p >= 1: always).
  bool chance(double p);

  // Returns an approximately normal draw (Irwin-Hall sum of 4 uniforms)
  // with mean 0 and standard deviation 1, bounded to about +-3.5.
  double gaussian();

 private:
  std::uint64_t state_[4];
};

}  // namespace traffic

#endif  // TRAFFIC_CORE_RANDOM_H_
