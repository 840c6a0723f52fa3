// The SR-IOV facts of a PCI function in sysfs: a PF's capability and VF layout, its virtfnN
// links, and a VF's physfn link. Reading only: creating VFs is the SR-IOV component's business.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/pci_address.h"
#include "nfv/host/sysfs.h"

namespace nfv::host {

struct SriovCapability {
  unsigned total_vfs = 0;  // sriov_totalvfs
  unsigned num_vfs = 0;    // sriov_numvfs
  unsigned offset = 0;     // sriov_offset
  unsigned stride = 0;     // sriov_stride
  uint16_t vf_device_id = 0;
  bool drivers_autoprobe = true;  // true when the kernel has no such attribute
};

// sriov_totalvfs: 0 when the device has no SR-IOV capability (no such attribute).
Result<unsigned> read_sriov_total_vfs(const Sysfs& sysfs, const PciAddress& address);

// Every attribute of the capability; an error naming the attribute when one is missing.
Result<SriovCapability> read_sriov_capability(const Sysfs& sysfs, const PciAddress& pf);

struct VirtfnLink {
  unsigned index = 0;  // N of virtfnN
  PciAddress vf;

  auto operator<=>(const VirtfnLink&) const = default;
};
// The PF's virtfnN links, by index.
Result<std::vector<VirtfnLink>> read_virtfn_links(const Sysfs& sysfs, const PciAddress& pf);

// A VF's physfn link: its PF; nullopt for a device that is not a VF.
Result<std::optional<PciAddress>> read_physfn(const Sysfs& sysfs, const PciAddress& address);

}  // namespace nfv::host
