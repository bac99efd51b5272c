#include "traffic/core/random.h"

#include <cmath>

namespace traffic {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

}  // namespace

std::uint64_t mix64(std::uint64_t a, std::uint64_t b) {
  std::uint64_t state = a ^ rotl(b, 32) ^ 0x2545f4914f6cdd1dULL;
  splitmix64(state);
  return splitmix64(state);
}

Random::Random(std::uint64_t seed) {
  for (std::uint64_t& word : state_) word = splitmix64(seed);
}

std::uint64_t Random::next() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double Random::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double Random::uniform(double low, double high) {
  return low + (high - low) * uniform();
}

std::uint64_t Random::below(std::uint64_t bound) {
  // Rejection sampling: unbiased for every bound.
  const std::uint64_t limit = -bound % bound;
  std::uint64_t draw = next();
  while (draw < limit) draw = next();
  return draw % bound;
}

std::int64_t Random::between(std::int64_t low, std::int64_t high) {
  const std::uint64_t span =
      static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  if (span == UINT64_MAX) return static_cast<std::int64_t>(next());
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) +
                                   below(span + 1));
}

bool Random::chance(double p) { return uniform() < p; }

double Random::gaussian() {
  double sum = 0;
  for (int i = 0; i < 4; ++i) sum += uniform();
  // Irwin-Hall(4) has mean 2 and variance 1/3.
  return (sum - 2.0) * std::sqrt(3.0);
}

}  // namespace traffic
