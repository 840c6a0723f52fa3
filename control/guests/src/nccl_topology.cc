#include "nfv/guests/nccl_topology.h"

#include <utility>

namespace nfv::guests {
namespace {

using Attributes = std::vector<std::pair<const char*, std::string>>;

// NCCL's own XML reader is narrow: attributes in double quotes on one line, no entities. A
// value outside what sysfs writes for these files is left out (NCCL then reads the guest's).
bool nccl_safe(const std::string& value) {
  for (char c : value) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == ' ' || c == '.' || c == ':' || c == '/' || c == '-';
    if (!allowed) return false;
  }
  return !value.empty();
}

class NcclWriter {
 public:
  void open(const char* name, const Attributes& attributes) {
    line(name, attributes, ">");
    ++depth_;
  }
  void empty(const char* name, const Attributes& attributes) { line(name, attributes, "/>"); }
  void close(const char* name) {
    --depth_;
    out_ += std::string(2 * depth_, ' ') + "</" + name + ">\n";
  }
  const std::string& str() const { return out_; }

 private:
  void line(const char* name, const Attributes& attributes, const char* end) {
    out_ += std::string(2 * depth_, ' ') + "<" + name;
    for (const auto& [key, value] : attributes) {
      if (nccl_safe(value)) out_ += std::string(" ") + key + "=\"" + value + "\"";
    }
    out_ += std::string(end) + "\n";
  }
  std::string out_;
  int depth_ = 0;
};

// QEMU's virtual switch ports (TI XIO3130): what the guest's lspci shows for them.
constexpr const char* kVirtualSwitchVendor = "0x104c";
constexpr const char* kVirtualSwitchDevice = "0x8232";
constexpr const char* kBridgeClass = "0x060400";

// The host's facts of `address`, without a link the kernel could not tell ("Unknown" speed,
// width 0): NCCL would take those for a link of no bandwidth.
PciFacts facts_of(const PciFactsByAddress& facts, const std::string& address) {
  auto it = facts.find(address);
  if (it == facts.end()) return {};
  PciFacts known = it->second;
  if (known.link_speed == "Unknown" || known.link_width == "0") {
    known.link_speed.clear();
    known.link_width.clear();
  }
  return known;
}

void write_device(const GuestPciDevice& device, const PciFactsByAddress& facts, NcclWriter& xml) {
  PciFacts host = facts_of(facts, device.host_bdf);
  xml.empty("pci", {{"busid", device.guest_bdf()},
                    {"class", host.class_code},
                    {"vendor", host.vendor},
                    {"device", host.device},
                    {"subsystem_vendor", host.subsystem_vendor},
                    {"subsystem_device", host.subsystem_device},
                    {"link_speed", host.link_speed},
                    {"link_width", host.link_width}});
}

// The switch element carries the guest's upstream port address and the host switch's link:
// the bandwidth NCCL computes for the pair is the real one, not the emulated port's.
void write_group(const GuestPcieGroup& group, const PciFactsByAddress& facts, NcclWriter& xml) {
  if (!group.has_switch) {
    for (const auto& device : group.devices) write_device(device, facts, xml);
    return;
  }
  PciFacts host_switch = facts_of(facts, group.host_switch);
  xml.open("pci", {{"busid", group.switch_bdf()},
                   {"class", kBridgeClass},
                   {"vendor", kVirtualSwitchVendor},
                   {"device", kVirtualSwitchDevice},
                   {"link_speed", host_switch.link_speed},
                   {"link_width", host_switch.link_width}});
  for (const auto& device : group.devices) write_device(device, facts, xml);
  xml.close("pci");
}

}  // namespace

std::string nccl_topology_xml(const GuestPcieLayout& layout, const PciFactsByAddress& facts) {
  NcclWriter xml;
  xml.open("system", {{"version", "1"}});
  xml.open("cpu", {{"numaid", "0"}});
  for (const auto& group : layout.groups) write_group(group, facts, xml);
  xml.close("cpu");
  xml.close("system");
  return xml.str();
}

std::vector<std::string> nccl_fact_addresses(const GuestPcieLayout& layout) {
  std::vector<std::string> addresses;
  for (const auto& group : layout.groups) {
    if (!group.host_switch.empty()) addresses.push_back(group.host_switch);
    for (const auto& device : group.devices) addresses.push_back(device.host_bdf);
  }
  return addresses;
}

}  // namespace nfv::guests
