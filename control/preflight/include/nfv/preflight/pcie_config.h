// PCI config space bytes (the sysfs `config` file) parsed into what the PCIe path check needs:
// the PCI Express port type, the ACS and ATS extended capabilities. Pure and bounded: a
// capability list that loops or points outside the bytes is an error value, never a hang.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "nfv/common/result.h"

namespace nfv::preflight {

// Device/port type of the PCI Express capability (bits 7:4 of its register at +2).
enum class PciePortType : uint8_t {
  kEndpoint = 0,
  kLegacyEndpoint = 1,
  kRootPort = 4,
  kUpstreamPort = 5,
  kDownstreamPort = 6,
};
std::string_view to_string(PciePortType type);  // "root port", ...; "type N" for the others

// ACS capability and control register bits (the same layout in both).
inline constexpr uint16_t kAcsSourceValidation = 1 << 0;     // SV
inline constexpr uint16_t kAcsTranslationBlocking = 1 << 1;  // TB
inline constexpr uint16_t kAcsRequestRedirect = 1 << 2;      // RR
inline constexpr uint16_t kAcsCompletionRedirect = 1 << 3;   // CR
inline constexpr uint16_t kAcsUpstreamForwarding = 1 << 4;   // UF
inline constexpr uint16_t kAcsEgressControl = 1 << 5;        // EC
inline constexpr uint16_t kAcsDirectTranslated = 1 << 6;     // DT
// What the kernel needs enabled on every bridge above a device to isolate it in its own group.
inline constexpr uint16_t kAcsIsolation =
    kAcsSourceValidation | kAcsRequestRedirect | kAcsCompletionRedirect | kAcsUpstreamForwarding;

// "SV|RR|CR|UF" for the bits set, "none" when none is.
std::string acs_bits_str(uint16_t bits);

struct AcsRegisters {
  uint16_t capability = 0;
  uint16_t control = 0;
};

struct AtsRegisters {
  uint16_t capability = 0;
  uint16_t control = 0;
  bool enabled() const { return (control & 0x8000) != 0; }
};

// How much of the config space the bytes hold: sysfs gives 4096 bytes to root, 64 to others;
// a conventional-PCI device or an old kernel gives 256.
enum class ConfigReach { kHeader, kStandard, kExtended };

struct PcieConfig {
  ConfigReach reach = ConfigReach::kHeader;
  std::optional<PciePortType> port_type;  // nullopt: no PCI Express capability (or not reached)
  std::optional<AcsRegisters> acs;        // nullopt: no ACS (or extended space not reached)
  std::optional<AtsRegisters> ats;

  bool extended() const { return reach == ConfigReach::kExtended; }
  // Why the extended capabilities (ACS, ATS) cannot be seen; empty when they can.
  std::string short_reason() const;
};

// An error for fewer than 64 bytes (no header), a capability pointer outside the bytes or
// below the header, or a capability list that loops.
Result<PcieConfig> parse_pcie_config(std::span<const uint8_t> bytes);

}  // namespace nfv::preflight
