// Reading a fake device's `config` file in tests: the capability walks of the PCI spec, written
// here so the tests check the bytes the fixture wrote, not the fixture's own reading of them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace nfv::sriov::testing {

struct ConfigSpace {
  std::string bytes;

  static ConfigSpace read(const std::filesystem::path& file);
  unsigned u8(size_t at) const;
  unsigned u16(size_t at) const;
  uint32_t u32(size_t at) const;
  // Offset of standard capability `id` (0x10 PCI Express) from the pointer at 0x34.
  std::optional<size_t> capability(uint8_t id) const;
  // Offset of extended capability `id` (0x0d ACS, 0x0f ATS, 0x10 SR-IOV) from 0x100.
  std::optional<size_t> extended(uint16_t id) const;
  // Bits 7:4 of the PCI Express capabilities register: 0 endpoint, 4 root port, 5 switch
  // upstream, 6 switch downstream.
  std::optional<unsigned> port_type() const;
};

}  // namespace nfv::sriov::testing
