// Hand-built PCI config spaces for the PCIe path tests: a header with a capability list, the
// PCI Express capability and extended capabilities (ACS, ATS) at chosen offsets, per the PCI
// spec's layout. Also the ones the kernel would never give (loops, pointers past the end).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace nfv::preflight::testing {

class ConfigBytes {
 public:
  explicit ConfigBytes(size_t size = 4096) : bytes_(size, 0) {}

  ConfigBytes& put16(size_t at, uint16_t value) {
    bytes_[at] = value & 0xFF;
    bytes_[at + 1] = value >> 8;
    return *this;
  }
  ConfigBytes& put32(size_t at, uint32_t value) {
    put16(at, value & 0xFFFF);
    return put16(at + 2, value >> 16);
  }
  // A standard capability at `at` (>= 0x40) with its next pointer; the first one also sets the
  // status bit and the capabilities pointer.
  ConfigBytes& capability(size_t at, uint8_t id, uint8_t next) {
    if (bytes_[0x34] == 0) {
      bytes_[0x34] = static_cast<uint8_t>(at);
      put16(0x06, 1 << 4);
    }
    bytes_[at] = id;
    bytes_[at + 1] = next;
    return *this;
  }
  // The PCI Express capability with `port_type` (0 endpoint, 4 root, 5 upstream, 6 downstream).
  ConfigBytes& pcie(size_t at, uint8_t port_type, uint8_t next = 0) {
    capability(at, 0x10, next);
    return put16(at + 2, static_cast<uint16_t>(0x2 | (port_type << 4)));
  }
  // An extended capability header (version 1) and its two 16-bit registers.
  ConfigBytes& extended(size_t at, uint16_t id, size_t next, uint16_t capability = 0,
                        uint16_t control = 0) {
    put32(at, id | (1u << 16) | static_cast<uint32_t>(next << 20));
    put16(at + 4, capability);
    return put16(at + 6, control);
  }
  ConfigBytes& acs(size_t at, uint16_t capability, uint16_t control, size_t next = 0) {
    return extended(at, 0x000D, next, capability, control);
  }
  ConfigBytes& ats(size_t at, bool enabled, size_t next = 0) {
    return extended(at, 0x000F, next, 0x0020, enabled ? 0x8000 : 0);
  }

  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

// Switch downstream port / root port / endpoint config spaces as the DGX-2 kind of host has them.
inline ConfigBytes bridge_config(uint8_t port_type, std::optional<uint16_t> acs_control) {
  ConfigBytes config;
  config.pcie(0x40, port_type);
  if (acs_control) config.acs(0x100, 0x5F, *acs_control);
  return config;
}
inline ConfigBytes endpoint_config(bool ats_enabled) {
  ConfigBytes config;
  config.pcie(0x60, 0).ats(0x100, ats_enabled);
  return config;
}

}  // namespace nfv::preflight::testing
