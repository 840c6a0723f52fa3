// The host's PCI facts an NCCL topology file carries, read from sysfs (root as a parameter).
#include "nfv/guests/nccl_topology.h"
#include "nfv/host/pci_address.h"
#include "nfv/host/pci_device.h"
#include "nfv/host/sysfs.h"

namespace nfv::guests {
namespace {

std::string read_or_empty(const host::Sysfs& sysfs, const std::string& device, const char* file) {
  auto value = sysfs.read(device + "/" + file);
  return value ? *value : std::string();
}

}  // namespace

Result<PciFactsByAddress> read_pci_facts(const std::string& sysfs_root,
                                         const std::vector<std::string>& addresses) {
  host::Sysfs sysfs(sysfs_root);
  PciFactsByAddress facts;
  for (const std::string& text : addresses) {
    auto address = host::PciAddress::parse(text);
    if (!address) return make_error("PCI device '{}': not a PCI address", text);
    std::string device = host::device_path(*address);
    if (!sysfs.exists(device)) {
      return make_error("PCI device {} not found under {}; check it with `lspci -D -s {}`", text,
                        sysfs.path("bus/pci/devices").string(), text);
    }
    facts[text] = {read_or_empty(sysfs, device, "class"),
                   read_or_empty(sysfs, device, "vendor"),
                   read_or_empty(sysfs, device, "device"),
                   read_or_empty(sysfs, device, "subsystem_vendor"),
                   read_or_empty(sysfs, device, "subsystem_device"),
                   read_or_empty(sysfs, device, "current_link_speed"),
                   read_or_empty(sysfs, device, "current_link_width")};
  }
  return facts;
}

}  // namespace nfv::guests
