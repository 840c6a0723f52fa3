#include "nfv/preflight/pcie_config.h"

#include <fmt/format.h>

#include <vector>

namespace nfv::preflight {
namespace {

constexpr size_t kHeaderSize = 64;
constexpr size_t kStandardSize = 256;
constexpr size_t kExtendedSize = 4096;
constexpr uint16_t kStatusCapabilityList = 1 << 4;
constexpr uint8_t kPcieCapabilityId = 0x10;
constexpr uint16_t kAcsId = 0x000D;
constexpr uint16_t kAtsId = 0x000F;

uint16_t read16(std::span<const uint8_t> bytes, size_t at) {
  return static_cast<uint16_t>(bytes[at] | (bytes[at + 1] << 8));
}
uint32_t read32(std::span<const uint8_t> bytes, size_t at) {
  return static_cast<uint32_t>(read16(bytes, at)) |
         (static_cast<uint32_t>(read16(bytes, at + 2)) << 16);
}

// The standard list: each entry is visited once at most; a revisit is a loop.
Status walk_standard(std::span<const uint8_t> bytes, PcieConfig& config) {
  if ((read16(bytes, 0x06) & kStatusCapabilityList) == 0) return {};
  std::vector<bool> seen(kStandardSize, false);
  size_t at = bytes[0x34] & ~3u;
  while (at != 0) {
    if (at < kHeaderSize || at + 4 > bytes.size()) {
      return make_error("capability pointer 0x{:02x} outside the capability area 0x40-0x{:02x}", at,
                        bytes.size() - 1);
    }
    if (seen[at]) return make_error("capability list loops at 0x{:02x}", at);
    seen[at] = true;
    if (bytes[at] == kPcieCapabilityId) {
      config.port_type = static_cast<PciePortType>((read16(bytes, at + 2) >> 4) & 0xF);
    }
    at = bytes[at + 1] & ~3u;
  }
  return {};
}

Status read_extended(std::span<const uint8_t> bytes, size_t at, uint16_t id, PcieConfig& config) {
  if (id != kAcsId && id != kAtsId) return {};
  if (at + 8 > bytes.size()) {
    return make_error("extended capability 0x{:04x} at 0x{:03x} runs past the end", id, at);
  }
  uint16_t capability = read16(bytes, at + 4);
  uint16_t control = read16(bytes, at + 6);
  if (id == kAcsId) config.acs = AcsRegisters{capability, control};
  if (id == kAtsId) config.ats = AtsRegisters{capability, control};
  return {};
}

// The extended list from 0x100: an all-zero or all-ones first header means none.
Status walk_extended(std::span<const uint8_t> bytes, PcieConfig& config) {
  std::vector<bool> seen(kExtendedSize / 4, false);
  size_t at = kStandardSize;
  uint32_t first = read32(bytes, at);
  if (first == 0 || first == 0xFFFFFFFF) return {};
  while (at != 0) {
    if (at < kStandardSize || at + 4 > bytes.size()) {
      return make_error("extended capability pointer 0x{:03x} outside 0x100-0x{:03x}", at,
                        bytes.size() - 1);
    }
    if (seen[at / 4]) return make_error("extended capability list loops at 0x{:03x}", at);
    seen[at / 4] = true;
    uint32_t header = read32(bytes, at);
    NFV_TRY(read_extended(bytes, at, static_cast<uint16_t>(header & 0xFFFF), config));
    at = (header >> 20) & ~3u;
  }
  return {};
}

}  // namespace

std::string_view to_string(PciePortType type) {
  switch (type) {
    case PciePortType::kEndpoint:
      return "endpoint";
    case PciePortType::kLegacyEndpoint:
      return "legacy endpoint";
    case PciePortType::kRootPort:
      return "root port";
    case PciePortType::kUpstreamPort:
      return "switch upstream port";
    case PciePortType::kDownstreamPort:
      return "switch downstream port";
  }
  return "other PCIe function";
}

std::string acs_bits_str(uint16_t bits) {
  static constexpr std::pair<uint16_t, const char*> kNames[] = {
      {kAcsSourceValidation, "SV"},   {kAcsTranslationBlocking, "TB"}, {kAcsRequestRedirect, "RR"},
      {kAcsCompletionRedirect, "CR"}, {kAcsUpstreamForwarding, "UF"},  {kAcsEgressControl, "EC"},
      {kAcsDirectTranslated, "DT"}};
  std::string text;
  for (auto [bit, name] : kNames) {
    if (bits & bit) text += text.empty() ? name : fmt::format("|{}", name);
  }
  return text.empty() ? "none" : text;
}

std::string PcieConfig::short_reason() const {
  switch (reach) {
    case ConfigReach::kHeader:
      return "only the 64-byte header of the config space is readable (not read as root)";
    case ConfigReach::kStandard:
      return "only 256 bytes of the config space are readable (no extended config space: "
             "conventional PCI, or MMCONFIG off)";
    case ConfigReach::kExtended:
      return "";
  }
  return "";
}

Result<PcieConfig> parse_pcie_config(std::span<const uint8_t> bytes) {
  if (bytes.size() < kHeaderSize) {
    return make_error("config space of {} bytes is truncated (the header is 64)", bytes.size());
  }
  PcieConfig config;
  if (bytes.size() < kStandardSize) return config;
  bytes = bytes.first(std::min(bytes.size(), kExtendedSize));
  config.reach = bytes.size() == kExtendedSize ? ConfigReach::kExtended : ConfigReach::kStandard;
  NFV_TRY(walk_standard(bytes.first(kStandardSize), config));
  if (config.extended()) NFV_TRY(walk_extended(bytes, config));
  return config;
}

}  // namespace nfv::preflight
