#include "nfv/nfvd/port_device.h"

#include "nfv/host/pci_address.h"

namespace nfv::nfvd {
namespace {

// A netdev name as the kernel allows it: no path separators, not "." or "..", at most 15
// characters (IFNAMSIZ - 1). Anything else could walk out of class/net.
bool plausible_netdev(const std::string& name) {
  return !name.empty() && name.size() <= 15 && name != "." && name != ".." &&
         name.find('/') == std::string::npos;
}

}  // namespace

Result<std::string> resolve_port_device(const host::Sysfs& sysfs, const std::string& device) {
  if (auto address = host::PciAddress::parse(device)) return address->str();
  if (!plausible_netdev(device)) {
    return make_error("'{}' is neither a PCI address (0000:3b:00.0) nor a network interface name",
                      device);
  }
  std::string net = "class/net/" + device;
  if (!sysfs.exists(net)) {
    return make_error(
        "no network interface {} on this host ({} has none); check the name with "
        "`ip link`, or give the NIC's PCI address",
        device, sysfs.path("class/net").string());
  }
  auto target = sysfs.link_name(net + "/device");
  if (!target) return std::move(target).error();
  if (target->empty()) {
    return make_error(
        "{} is a virtual interface, not backed by a device; a dpdk port needs a "
        "PCI NIC or VF (or use vdev for a virtual device)",
        device);
  }
  auto subsystem = sysfs.link_name(net + "/device/subsystem");
  if (!subsystem) return std::move(subsystem).error();
  auto address = host::PciAddress::parse(*target);
  if ((!subsystem->empty() && *subsystem != "pci") || !address) {
    return make_error(
        "{} is backed by {} device {}, not a PCI device; a dpdk port needs a PCI "
        "NIC or VF",
        device, subsystem->empty() ? "a" : "a " + *subsystem, *target);
  }
  return address->str();
}

}  // namespace nfv::nfvd
