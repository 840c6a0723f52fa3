// What hwloc does not tell about the live machine, taken from the host reader (nfv/host): free
// hugepages per node and the SR-IOV links of PCI functions.
#pragma once

#include "nfv/host/sysfs.h"
#include "nfv/topology/model.h"

namespace nfv::topology {

// Completes a live topology: hugepages (with free counts) of every node that sysfs knows, and
// for every PCI function <root>/bus/pci/devices/<bdf>/{sriov_totalvfs,physfn}: a PF's VF
// capacity (0 when it has no SR-IOV) and a VF's PF. Devices sysfs does not show are left as
// hwloc gave them, and so are the hugepages of a kernel without per-node pools.
void apply_sysfs(Topology& topology, const host::Sysfs& sysfs);

}  // namespace nfv::topology
