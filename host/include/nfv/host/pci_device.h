// What sysfs says about one PCI function: ids, NUMA node, driver, IOMMU group, netdevs, and its
// PF when it is an SR-IOV VF. The single-fact readers the record is made of are public too, for
// callers that need one fact (the driver after a bind).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/pci_address.h"
#include "nfv/host/sysfs.h"

namespace nfv::host {

struct PciDevice {
  PciAddress address;
  uint16_t vendor = 0;
  uint16_t device = 0;
  uint32_t class_code = 0;              // 24 bits: class, subclass, prog-if
  std::optional<int> numa_node;         // nullopt when the platform says -1 (unknown)
  std::string driver;                   // empty when no driver is bound
  std::string driver_override;          // empty when unset ("(null)" in sysfs)
  std::optional<unsigned> iommu_group;  // nullopt when there is no IOMMU
  std::vector<std::string> netdevs;     // net/<ifname> entries
  std::optional<PciAddress> physfn;     // set on VFs: their PF

  bool is_bridge() const { return (class_code >> 8) == 0x0604; }
  std::string vendor_device() const;  // "8086:154c"
};

// "bus/pci/devices/<BDF>" and "bus/pci/devices/<BDF>/<attribute>", relative to the sysfs root.
std::string device_path(const PciAddress& address);
std::string device_attr(const PciAddress& address, std::string_view attribute);

// Fails with a message naming the device when it does not exist under the sysfs root.
Result<PciDevice> read_pci_device(const Sysfs& sysfs, const PciAddress& address);

// The bound driver; empty when none is bound.
Result<std::string> read_driver(const Sysfs& sysfs, const PciAddress& address);
// driver_override; empty when unset. An error when the kernel has no such attribute.
Result<std::string> read_driver_override(const Sysfs& sysfs, const PciAddress& address);
// class: 24 bits, class, subclass and prog-if (0x020000 Ethernet, 0x060400 PCI bridge).
Result<uint32_t> read_class_code(const Sysfs& sysfs, const PciAddress& address);
// numa_node: nullopt when the platform says -1 (unknown) or gives no such attribute.
Result<std::optional<int>> read_numa_node(const Sysfs& sysfs, const PciAddress& address);

// True when the kernel has the PCI driver: registered (bus/pci/drivers/<driver>) or its module
// loaded (module/<driver with '_' for '-'>).
bool pci_driver_loaded(const Sysfs& sysfs, std::string_view driver);

// "-" for an unknown node, else the number; used in tables.
std::string node_label(const std::optional<int>& node);

}  // namespace nfv::host
