#include "nfv/host/pci_device.h"

#include <algorithm>

#include "nfv/common/strings.h"
#include "nfv/host/iommu_group.h"
#include "nfv/host/sriov_capability.h"

namespace nfv::host {
namespace {

Result<uint64_t> read_hex(const Sysfs& sysfs, const PciAddress& address, const char* attribute,
                          uint64_t max) {
  auto text = sysfs.read(device_attr(address, attribute));
  if (!text) return std::move(text).error();
  return parse_uint(*text, fmt::format("{} of {}", attribute, address.str()), 0, max);
}

Status read_ids(const Sysfs& sysfs, PciDevice& dev) {
  auto vendor = read_hex(sysfs, dev.address, "vendor", 0xffff);
  if (!vendor) return std::move(vendor).error();
  dev.vendor = static_cast<uint16_t>(*vendor);
  auto device = read_hex(sysfs, dev.address, "device", 0xffff);
  if (!device) return std::move(device).error();
  dev.device = static_cast<uint16_t>(*device);
  auto class_code = read_class_code(sysfs, dev.address);
  if (!class_code) return std::move(class_code).error();
  dev.class_code = *class_code;
  return {};
}

Status read_drivers(const Sysfs& sysfs, PciDevice& dev) {
  auto driver = read_driver(sysfs, dev.address);
  if (!driver) return std::move(driver).error();
  dev.driver = *driver;
  if (sysfs.exists(device_attr(dev.address, "driver_override"))) {
    auto override_name = read_driver_override(sysfs, dev.address);
    if (!override_name) return std::move(override_name).error();
    dev.driver_override = *override_name;
  }
  return {};
}

Status read_links(const Sysfs& sysfs, PciDevice& dev) {
  auto group = read_iommu_group(sysfs, dev.address);
  if (!group) return std::move(group).error();
  dev.iommu_group = *group;
  if (sysfs.exists(device_attr(dev.address, "net"))) {
    auto netdevs = sysfs.list(device_attr(dev.address, "net"));
    if (!netdevs) return std::move(netdevs).error();
    dev.netdevs = *netdevs;
  }
  auto physfn = read_physfn(sysfs, dev.address);
  if (!physfn) return std::move(physfn).error();
  dev.physfn = *physfn;
  return {};
}

}  // namespace

std::string PciDevice::vendor_device() const {
  return fmt::format("{:04x}:{:04x}", vendor, device);
}

std::string device_path(const PciAddress& address) { return "bus/pci/devices/" + address.str(); }

std::string device_attr(const PciAddress& address, std::string_view attribute) {
  return device_path(address) + "/" + std::string(attribute);
}

Result<PciDevice> read_pci_device(const Sysfs& sysfs, const PciAddress& address) {
  if (!sysfs.exists(device_path(address))) {
    return make_error("PCI device {} not found under {}; check the address with `lspci -D`",
                      address.str(), sysfs.path("bus/pci/devices").string());
  }
  PciDevice dev;
  dev.address = address;
  NFV_TRY(read_ids(sysfs, dev));
  auto node = read_numa_node(sysfs, address);
  if (!node) return std::move(node).error();
  dev.numa_node = *node;
  NFV_TRY(read_drivers(sysfs, dev));
  NFV_TRY(read_links(sysfs, dev));
  return dev;
}

Result<std::string> read_driver(const Sysfs& sysfs, const PciAddress& address) {
  return sysfs.link_name(device_attr(address, "driver"));
}

Result<std::string> read_driver_override(const Sysfs& sysfs, const PciAddress& address) {
  auto value = sysfs.read(device_attr(address, "driver_override"));
  if (!value) return std::move(value).error();
  return *value == "(null)" ? std::string() : *value;
}

Result<uint32_t> read_class_code(const Sysfs& sysfs, const PciAddress& address) {
  auto value = read_hex(sysfs, address, "class", 0xffffff);
  if (!value) return std::move(value).error();
  return static_cast<uint32_t>(*value);
}

Result<std::optional<int>> read_numa_node(const Sysfs& sysfs, const PciAddress& address) {
  if (!sysfs.exists(device_attr(address, "numa_node"))) return std::optional<int>();
  auto node = sysfs.read(device_attr(address, "numa_node"));
  if (!node) return std::move(node).error();
  if (*node == "-1") return std::optional<int>();
  auto parsed = parse_uint(*node, fmt::format("numa_node of {}", address.str()), 0, 4095);
  if (!parsed) return std::move(parsed).error();
  return std::optional<int>(static_cast<int>(*parsed));
}

bool pci_driver_loaded(const Sysfs& sysfs, std::string_view driver) {
  std::string module(driver);
  std::replace(module.begin(), module.end(), '-', '_');
  return sysfs.exists("bus/pci/drivers/" + std::string(driver)) || sysfs.exists("module/" + module);
}

std::string node_label(const std::optional<int>& node) {
  return node ? std::to_string(*node) : "-";
}

}  // namespace nfv::host
