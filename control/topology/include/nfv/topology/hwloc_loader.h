// The hwloc adapter: builds the plain model (model.h) from the live machine or from an hwloc
// XML file (format 2.x, and 1.x files which hwloc 2 still imports). I/O devices are kept whole:
// every PCI bridge stays, because the PCIe path is what tells a PCIe switch from a socket.
#pragma once

#include <string>

#include "nfv/common/result.h"
#include "nfv/topology/model.h"

namespace nfv::topology {

// A recorded machine. Its VFs are inferred (sriov_inference.h): a recording has no sysfs.
Result<Topology> load_topology_from_xml(const std::string& path);

// This machine, completed from sysfs under `sysfs_root` (normally "/sys"): hugepages per node
// with their free counts, SR-IOV capacity of PFs and the PF of every VF.
Result<Topology> load_live_topology(const std::string& sysfs_root);

}  // namespace nfv::topology
