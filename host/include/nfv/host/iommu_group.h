// IOMMU groups as sysfs shows them: a device's group, and the devices of a group.
#pragma once

#include <optional>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/pci_address.h"
#include "nfv/host/sysfs.h"

namespace nfv::host {

// The device's iommu_group link; nullopt when it has none (the IOMMU is off, or no device).
Result<std::optional<unsigned>> read_iommu_group(const Sysfs& sysfs, const PciAddress& address);

// The groups under kernel/iommu_groups, ascending; empty when the IOMMU is off (or no such dir).
Result<std::vector<unsigned>> read_iommu_group_ids(const Sysfs& sysfs);

// kernel/iommu_groups/<group>/devices, sorted; an error naming the directory when it is missing.
Result<std::vector<PciAddress>> read_iommu_group_devices(const Sysfs& sysfs, unsigned group);

}  // namespace nfv::host
