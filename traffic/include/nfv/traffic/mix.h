// Cheap, well-spread 64-bit mixing shared by size schedules and payload patterns: both
// must be pure functions of their inputs so a receiver can recompute what was sent.
#pragma once

#include <cstdint>

namespace nfv::traffic {

// The splitmix64 finaliser: every input bit affects every output bit.
constexpr uint64_t mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace nfv::traffic
