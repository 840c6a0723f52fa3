// What sysfs says about one PCI function: ids, NUMA node, driver, IOMMU group, netdevs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/sriov/pci_address.h"
#include "nfv/sriov/sysfs.h"

namespace nfv::sriov {

inline constexpr const char* kVfioPciDriver = "vfio-pci";

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

// Fails with a message naming the device when it does not exist under the sysfs root.
Result<PciDevice> read_pci_device(const Sysfs& sysfs, const PciAddress& address);

// "-" for an unknown node, else the number; used in tables.
std::string node_label(const std::optional<int>& node);

}  // namespace nfv::sriov
