// VF pools: free VFs grouped by PF, NUMA node and vendor:device. The planner decides which
// node a guest or switch port lives on; the pool then prefers a VF on that node.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/sriov/allocation.h"
#include "nfv/sriov/discovery.h"

namespace nfv::sriov {

struct VfPool {
  PciAddress pf;
  std::string pf_netdev;
  std::optional<int> numa_node;
  std::string vendor_device;          // of the VFs: "8086:154c"
  std::vector<PciAddress> free;       // by VF index
  std::vector<PciAddress> allocated;  // ours, in the allocation store
  size_t busy = 0;                    // on vfio-pci but not ours: someone else's, never handed out
};

// One pool per PF with VFs, sorted by PF address.
std::vector<VfPool> build_pools(const std::vector<PhysicalFunction>& pfs,
                                const std::vector<Allocation>& allocations);

struct VfRequest {
  std::optional<int> numa_node;              // from the planner
  std::optional<std::string> vendor_device;  // "15b3:1018" to ask for a given VF model
  std::optional<PciAddress> pf;              // to ask for a given PF
  bool node_required = false;                // fail instead of crossing NUMA nodes
};

struct VfChoice {
  PciAddress vf;
  PciAddress pf;
  std::optional<int> numa_node;
  bool on_requested_node = true;
  std::string note;  // why this VF; a warning when it crosses nodes
};

Result<VfChoice> choose_vf(const std::vector<VfPool>& pools, const VfRequest& request);

}  // namespace nfv::sriov
