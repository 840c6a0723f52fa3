// An hwloc recording carries no SR-IOV links (sysfs physfn). Mark the virtual functions of a
// recorded topology and link each to its PF, from what the recording does show.
#pragma once

#include "nfv/topology/model.h"

namespace nfv::topology {

// A function is a VF when its device id is a known VF id, or when it is a network function
// without OS devices sitting in the same slot as a PF that has a netdev and another device id.
// Its PF is the non-VF NIC behind the same bridge, same slot first. Devices already marked
// (from sysfs) are left as they are.
void infer_virtual_functions(Topology& topology);

}  // namespace nfv::topology
