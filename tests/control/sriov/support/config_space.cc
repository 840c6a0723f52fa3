#include "config_space.h"

#include "fake_tree_io.h"

namespace nfv::sriov::testing {

ConfigSpace ConfigSpace::read(const std::filesystem::path& file) { return {read_raw(file)}; }

unsigned ConfigSpace::u8(size_t at) const {
  return at < bytes.size() ? static_cast<unsigned char>(bytes[at]) : 0;
}

unsigned ConfigSpace::u16(size_t at) const { return u8(at) | u8(at + 1) << 8; }

uint32_t ConfigSpace::u32(size_t at) const {
  return u16(at) | static_cast<uint32_t>(u16(at + 2)) << 16;
}

std::optional<size_t> ConfigSpace::capability(uint8_t id) const {
  if ((u16(0x06) & 0x10) == 0) return std::nullopt;  // no capability list
  size_t at = u8(0x34);
  for (int hops = 0; at >= 0x40 && hops < 48; ++hops) {
    if (u8(at) == id) return at;
    at = u8(at + 1);
  }
  return std::nullopt;
}

std::optional<size_t> ConfigSpace::extended(uint16_t id) const {
  size_t at = 0x100;
  for (int hops = 0; at >= 0x100 && hops < 64; ++hops) {
    uint32_t header = u32(at);
    if (header == 0) return std::nullopt;
    if ((header & 0xffff) == id) return at;
    at = header >> 20;
  }
  return std::nullopt;
}

std::optional<unsigned> ConfigSpace::port_type() const {
  auto pcie = capability(0x10);
  if (!pcie) return std::nullopt;
  return u16(*pcie + 2) >> 4 & 0xf;
}

}  // namespace nfv::sriov::testing
