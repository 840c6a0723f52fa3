#include "fake_pci_rules.h"

#include <cstdint>
#include <map>

#include "fake_tree_io.h"

namespace nfv::sriov::testing {

namespace fs = std::filesystem;

namespace {

constexpr size_t kPcieCapPointer = 0x34;
constexpr uint8_t kPcieCapId = 0x10;
constexpr size_t kExtendedStart = 0x100;
constexpr uint16_t kAcsId = 0x000d;
constexpr uint16_t kSriovId = 0x0010;
constexpr uint16_t kAcsIsolating = 0x1 | 0x4 | 0x8 | 0x10;  // SV, RR, CR, UF
constexpr unsigned kRootPort = 4, kDownstream = 6;

unsigned byte_at(const std::string& space, size_t at) {
  return at < space.size() ? static_cast<unsigned char>(space[at]) : 0;
}
unsigned u16_at(const std::string& space, size_t at) {
  return byte_at(space, at) | byte_at(space, at + 1) << 8;
}
uint32_t u32_at(const std::string& space, size_t at) {
  return u16_at(space, at) | static_cast<uint32_t>(u16_at(space, at + 2)) << 16;
}
void put_u16(std::string& space, size_t at, unsigned value) {
  space[at] = static_cast<char>(value & 0xff);
  space[at + 1] = static_cast<char>(value >> 8 & 0xff);
}

// Offset of the extended capability `id`, 0 when absent.
size_t find_extended(const std::string& space, uint16_t id) {
  for (size_t at = kExtendedStart, hops = 0; at >= kExtendedStart && hops < 64; ++hops) {
    uint32_t header = u32_at(space, at);
    if (header == 0) return 0;
    if ((header & 0xffff) == id) return at;
    at = header >> 20;
  }
  return 0;
}

// Bits 7:4 of the PCI Express capabilities register; nullopt-like 0xff without the capability.
unsigned port_type(const std::string& space) {
  size_t at = byte_at(space, kPcieCapPointer);
  for (int hops = 0; at != 0 && hops < 48; ++hops) {
    if (byte_at(space, at) == kPcieCapId) return u16_at(space, at + 2) >> 4 & 0xf;
    at = byte_at(space, at + 1);
  }
  return 0xff;
}

bool acs_isolates(const std::string& space) {
  size_t acs = find_extended(space, kAcsId);
  return acs != 0 && (u16_at(space, acs + 6) & kAcsIsolating) == kAcsIsolating;
}

bool is_device(const fs::path& dir) { return fs::is_regular_file(dir / "config"); }

}  // namespace

std::string driver_for_ids(const std::string& vendor, const std::string& device,
                           const std::string& pci_class) {
  static const std::map<std::string, std::string> kById = {
      {"8086:1572", "i40e"},  {"8086:154c", "iavf"}, {"8086:10c9", "igb"},
      {"8086:10ca", "igbvf"}, {"8086:1521", "igb"},  {"8086:1520", "igbvf"}};
  auto known = kById.find(vendor + ":" + device);
  if (known != kById.end()) return known->second;
  if (pci_class.rfind("0x0604", 0) == 0) return "pcieport";
  if (vendor == "10de" && (pci_class.rfind("0x03", 0) == 0 || pci_class.rfind("0x0680", 0) == 0)) {
    return "nvidia";
  }
  if (vendor == "15b3") {  // ConnectX-4 and later (and BlueField): mlx5; older: mlx4
    unsigned long id = std::stoul(device, nullptr, 16);
    return (id >= 0x1011 && id <= 0x10ff) || id >= 0xa2d0 ? "mlx5_core" : "mlx4_core";
  }
  return "";
}

std::string vf_config_space(const std::string& pf_config, unsigned vf_device) {
  std::string space = pf_config;
  if (space.size() < 4096) return space;
  put_u16(space, 0x02, vf_device);
  space[0x0e] = static_cast<char>(byte_at(space, 0x0e) & 0x7f);  // a VF is no multi-function
  // Unlink the SR-IOV capability: only PFs carry it.
  size_t previous = 0;
  for (size_t at = kExtendedStart; at >= kExtendedStart;) {
    uint32_t header = u32_at(space, at);
    if (header == 0) break;
    uint32_t next = header >> 20;
    if ((header & 0xffff) == kSriovId) {
      if (previous == 0) {
        // The first capability: move the next one's header here would shift offsets; a null
        // capability (id 0) keeps the chain walkable instead.
        uint32_t null_header = next << 20;
        for (int i = 0; i < 4; ++i) space[at + i] = static_cast<char>(null_header >> (8 * i));
      } else {
        uint32_t linked = (u32_at(space, previous) & 0xfffff) | next << 20;
        for (int i = 0; i < 4; ++i) space[previous + i] = static_cast<char>(linked >> (8 * i));
        space.replace(at, 0x40, std::string(0x40, '\0'));
      }
      break;
    }
    previous = at;
    at = next;
  }
  return space;
}

bool isolated_by_acs(const fs::path& device) {
  for (fs::path bridge = device.parent_path(); is_device(bridge); bridge = bridge.parent_path()) {
    std::string space = read_raw(bridge / "config");
    unsigned type = port_type(space);
    if ((type == kRootPort || type == kDownstream) && !acs_isolates(space)) return false;
  }
  return true;
}

}  // namespace nfv::sriov::testing
