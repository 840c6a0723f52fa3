// After a restart: keep the allocations the file says we own and sysfs still shows on vfio-pci;
// report and drop the others. Reads sysfs only: adoption never touches a device.
#pragma once

#include <string>
#include <vector>

#include "nfv/sriov/allocation.h"
#include "nfv/sriov/sysfs.h"

namespace nfv::sriov {

struct StaleAllocation {
  Allocation record;
  std::string reason;  // "device 0000:3b:02.1 no longer exists (...)"
};

struct AdoptionReport {
  std::vector<Allocation> adopted;
  std::vector<StaleAllocation> dropped;
};

AdoptionReport reconcile_allocations(const Sysfs& sysfs, const std::vector<Allocation>& records);

}  // namespace nfv::sriov
