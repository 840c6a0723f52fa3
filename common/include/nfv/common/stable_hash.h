// A hash that is the same in every run and build (std::hash is not): for names derived from
// names, such as a guest interface's MAC or an RDMA VF's GUID.
#pragma once

#include <cstdint>
#include <string_view>

namespace nfv {

// FNV-1a, 64 bits.
inline uint64_t stable_hash(std::string_view text) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

}  // namespace nfv
