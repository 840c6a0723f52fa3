// SR-IOV discovery: physical functions (devices with sriov_totalvfs > 0) and their VFs.
#pragma once

#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/sriov_capability.h"
#include "nfv/sriov/pci.h"
#include "nfv/sriov/sysfs.h"

namespace nfv::sriov {

struct VirtualFunction {
  unsigned index = 0;  // N of the PF's virtfnN link
  PciDevice device;
};

// A PF is its SR-IOV capability as the host reader gives it (total_vfs, num_vfs, offset, stride,
// vf_device_id, drivers_autoprobe), its device and its VFs.
struct PhysicalFunction : host::SriovCapability {
  PciDevice device;
  std::vector<VirtualFunction> vfs;  // by index

  // The PF's network interface ("enp59s0f0"), or empty when its driver has none.
  std::string netdev() const { return device.netdevs.empty() ? "" : device.netdevs.front(); }
  // The model of its VFs, as "VVVV:DDDD" ("8086:154c"), what a VF request names.
  std::string vf_vendor_device() const;
};

// True when the device has the SR-IOV capability with at least one VF possible.
bool is_physical_function(const Sysfs& sysfs, const PciAddress& address);

Result<PhysicalFunction> read_physical_function(const Sysfs& sysfs, const PciAddress& pf);

// Every PF under bus/pci/devices, sorted by address.
Result<std::vector<PhysicalFunction>> discover_physical_functions(const Sysfs& sysfs);

struct VfLocation {
  PciAddress pf;
  unsigned index = 0;
};
// Which PF a VF belongs to and its index there; an error when `vf` is not a VF.
Result<VfLocation> locate_vf(const Sysfs& sysfs, const PciAddress& vf);

}  // namespace nfv::sriov
