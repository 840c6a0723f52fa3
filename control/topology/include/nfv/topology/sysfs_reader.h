// What hwloc does not tell about the live machine, read from sysfs. The root is a parameter
// ("/sys" in production, a directory tree in tests), never hard-coded.
#pragma once

#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/topology/model.h"

namespace nfv::topology {

// <root>/devices/system/node/node<N>/hugepages/hugepages-<size>kB/{nr,free}_hugepages,
// ascending page size. An error when the node has no such directory.
Result<std::vector<HugepagePool>> read_node_hugepages(const std::string& sysfs_root, uint32_t node);

// Completes a live topology: hugepages (with free counts) of every node that sysfs knows, and
// for every PCI function <root>/bus/pci/devices/<bdf>/{sriov_totalvfs,physfn}: a PF's VF
// capacity (0 when it has no SR-IOV) and a VF's PF.
Status apply_sysfs(Topology& topology, const std::string& sysfs_root);

}  // namespace nfv::topology
