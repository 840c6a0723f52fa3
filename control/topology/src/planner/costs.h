// What a fallback costs, in words an operator can act on. One place, so every warning of the
// same kind says the same thing.
#pragma once

#include <string>

#include "nfv/topology/pcie_distance.h"

namespace nfv::topology::planner {

// A guest, NIC or PMD on another NUMA node than the memory it touches.
std::string cross_numa_cost(const std::string& fix);
// A GPU and its NIC farther apart than a PCIe switch.
std::string gpu_nic_cost(PcieClass pcie_class);
// GPUDirect RDMA is only good up to PXB.
bool gpu_nic_pair_is_poor(PcieClass pcie_class);

}  // namespace nfv::topology::planner
