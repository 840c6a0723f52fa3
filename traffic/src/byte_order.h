// Unaligned big-endian loads and stores for wire headers.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace nfv::traffic {

template <typename T>
inline T byteswap_if_little(T value) {
  if constexpr (std::endian::native == std::endian::little) {
    if constexpr (sizeof(T) == 2) return static_cast<T>(__builtin_bswap16(value));
    if constexpr (sizeof(T) == 4) return static_cast<T>(__builtin_bswap32(value));
    if constexpr (sizeof(T) == 8) return static_cast<T>(__builtin_bswap64(value));
  }
  return value;
}

template <typename T>
inline void store_be(uint8_t* out, T value) {
  value = byteswap_if_little(value);
  std::memcpy(out, &value, sizeof(T));
}

template <typename T>
inline T load_be(const uint8_t* in) {
  T value;
  std::memcpy(&value, in, sizeof(T));
  return byteswap_if_little(value);
}

}  // namespace nfv::traffic
