// IOMMU groups from sysfs: which group a device is in, and whether the group is viable for VFIO
// (every device in it on a VFIO driver or unbound; bridges tolerated).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/sriov/pci.h"
#include "nfv/sriov/sysfs.h"

namespace nfv::sriov {

// The driver that hands a device to VFIO: what a bind targets and what ownership is checked by.
inline constexpr const char* kVfioPciDriver = "vfio-pci";

// The kernel parameters that turn the IOMMU on, for error messages.
inline constexpr const char* kIommuFix =
    "add intel_iommu=on iommu=pt (Intel) or amd_iommu=on (AMD) to the kernel command line, "
    "reboot, then run `modprobe vfio-pci`";

// Drivers that keep a group viable: none, vfio-pci and its vendor variants, pci-stub.
bool is_vfio_compatible_driver(std::string_view driver);

// The device's group; an error naming the kernel parameters when there is no IOMMU.
Result<unsigned> iommu_group_of(const Sysfs& sysfs, const PciAddress& address);

struct GroupMember {
  PciAddress address;
  std::string driver;  // empty when unbound
  bool bridge = false;
};

struct GroupViability {
  unsigned group = 0;
  std::vector<GroupMember> members;
  std::vector<GroupMember> blockers;  // members on a host driver

  bool viable() const { return blockers.empty(); }
  // "IOMMU group 40 is not viable for VFIO: 0000:3b:00.0 is bound to i40e, ...; fix".
  std::string explain() const;
};

// Walks kernel/iommu_groups/<group>/devices. Devices in `going_to_vfio` count as bound to
// vfio-pci: the question asked before a bind is "will the group be viable afterwards?".
Result<GroupViability> check_group_viability(const Sysfs& sysfs, unsigned group,
                                             const std::vector<PciAddress>& going_to_vfio = {});

}  // namespace nfv::sriov
