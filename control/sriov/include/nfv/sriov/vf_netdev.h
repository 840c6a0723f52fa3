// A VF's network interface, found by its PCI address (never by a name guessed from the PF's):
// the kernel creates it as ethN and udev renames it some time later (enp59s0f0v3), so a name read
// too early is stale. The kernel says which kind a name is in net/<name>/name_assign_type.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/sriov/pci.h"
#include "nfv/sriov/sysfs.h"

namespace nfv::sriov {

struct VfNetdev {
  std::string name;
  // False when the name is still the kernel's enumerated one after the wait (no udev rule
  // renamed it, or udev is slow): it may still change.
  bool settled = true;
};

// name_assign_type values (include/uapi/linux/netdevice.h): NET_NAME_ENUM is the kernel's
// "ethN", the one udev renames.
inline constexpr unsigned kNetNameEnum = 1;

// One look at the device's net/ entries and their name_assign_type: the name when it settled,
// nullopt while there is none or only an enumerated one. Pure.
std::optional<VfNetdev> settled_netdev(const std::vector<std::string>& names,
                                       const std::vector<std::optional<unsigned>>& assign_types);

// Re-reads sysfs until the VF has a netdev whose name udev will not change, for at most `wait`.
// An enumerated name still there at the deadline is returned unsettled; no netdev at all is an
// error naming the VF and its driver (a VF on vfio-pci or unbound has none).
Result<VfNetdev> resolve_vf_netdev(const Sysfs& sysfs, const PciAddress& vf,
                                   std::chrono::milliseconds wait);

}  // namespace nfv::sriov
