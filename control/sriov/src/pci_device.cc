#include "nfv/sriov/pci_device.h"

#include "nfv/common/strings.h"

namespace nfv::sriov {
namespace {

Result<uint64_t> read_hex(const Sysfs& sysfs, const PciAddress& address, const char* attribute,
                          uint64_t max) {
  auto text = sysfs.read(device_attr(address, attribute));
  if (!text) return std::move(text).error();
  return parse_uint(*text, fmt::format("{} of {}", attribute, address.str()), 0, max);
}

}  // namespace

std::string PciDevice::vendor_device() const {
  return fmt::format("{:04x}:{:04x}", vendor, device);
}

Result<PciDevice> read_pci_device(const Sysfs& sysfs, const PciAddress& address) {
  if (!sysfs.exists(device_path(address))) {
    return make_error("PCI device {} not found under {}; check the address with `lspci -D`",
                      address.str(), sysfs.path("bus/pci/devices").string());
  }
  PciDevice dev;
  dev.address = address;
  auto vendor = read_hex(sysfs, address, "vendor", 0xffff);
  if (!vendor) return std::move(vendor).error();
  dev.vendor = static_cast<uint16_t>(*vendor);
  auto device = read_hex(sysfs, address, "device", 0xffff);
  if (!device) return std::move(device).error();
  dev.device = static_cast<uint16_t>(*device);
  auto class_code = read_hex(sysfs, address, "class", 0xffffff);
  if (!class_code) return std::move(class_code).error();
  dev.class_code = static_cast<uint32_t>(*class_code);

  if (sysfs.exists(device_attr(address, "numa_node"))) {
    auto node = sysfs.read(device_attr(address, "numa_node"));
    if (!node) return std::move(node).error();
    if (*node != "-1") {
      auto parsed = parse_uint(*node, fmt::format("numa_node of {}", address.str()), 0, 4095);
      if (!parsed) return std::move(parsed).error();
      dev.numa_node = static_cast<int>(*parsed);
    }
  }
  auto driver = sysfs.link_name(device_attr(address, "driver"));
  if (!driver) return std::move(driver).error();
  dev.driver = *driver;
  if (sysfs.exists(device_attr(address, "driver_override"))) {
    auto override_name = sysfs.read(device_attr(address, "driver_override"));
    if (!override_name) return std::move(override_name).error();
    if (*override_name != "(null)") dev.driver_override = *override_name;
  }
  auto group = sysfs.link_name(device_attr(address, "iommu_group"));
  if (!group) return std::move(group).error();
  if (!group->empty()) {
    auto number = parse_uint(*group, fmt::format("iommu_group of {}", address.str()));
    if (!number) return std::move(number).error();
    dev.iommu_group = static_cast<unsigned>(*number);
  }
  if (sysfs.exists(device_attr(address, "net"))) {
    auto netdevs = sysfs.list(device_attr(address, "net"));
    if (!netdevs) return std::move(netdevs).error();
    dev.netdevs = *netdevs;
  }
  auto physfn = sysfs.link_name(device_attr(address, "physfn"));
  if (!physfn) return std::move(physfn).error();
  if (!physfn->empty()) {
    auto pf = PciAddress::parse(*physfn);
    if (!pf) return std::move(pf).error();
    dev.physfn = *pf;
  }
  return dev;
}

std::string node_label(const std::optional<int>& node) {
  return node ? std::to_string(*node) : "-";
}

}  // namespace nfv::sriov
