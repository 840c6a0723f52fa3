// An allocation: which device (VF or whole device) serves which guest or switch port.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "nfv/common/result.h"
#include "nfv/sriov/pci.h"

namespace nfv::sriov {

// What the device on vfio-pci becomes: a libvirt hostdev of a guest, or a DPDK ethdev port of
// nfv-switch.
enum class Purpose { kGuest, kSwitchPort };
std::string_view purpose_name(Purpose purpose);  // "guest", "switch-port"
Result<Purpose> parse_purpose(std::string_view text);

struct Allocation {
  PciAddress device;
  std::string owner;  // guest or switch port name
  Purpose purpose = Purpose::kGuest;
  std::optional<PciAddress> pf;  // set for VFs
  std::optional<unsigned> vf_index;
  std::string host_driver;  // the driver before vfio-pci; empty when it was unbound
  std::optional<unsigned> iommu_group;
  std::optional<int> numa_node;
  std::string vendor_device;  // "8086:154c"

  bool operator==(const Allocation&) const = default;
};

// How a guest's libvirt domain refers to a device it was given: a <hostdev> element with
// managed='no', so libvirt uses the device on vfio-pci as it is and never rebinds it.
std::string libvirt_hostdev_xml(const PciAddress& device);

}  // namespace nfv::sriov
