// SR-IOV PFs and the VFs the plan gives out. A PF's capacity is sriov_totalvfs when sysfs told
// us, else the VFs a recording shows, else policy.assumed_vfs_per_pf; each choice is said in
// the reason so the operator knows how sure the plan is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/config/config.h"
#include "nfv/topology/model.h"
#include "nfv/topology/placement.h"

namespace nfv::topology::planner {

// Nodes a device is local to; every node of the machine when the topology does not say.
std::vector<uint32_t> local_nodes(const PciDevice& device, const Topology& topology);
bool is_local(const PciDevice& device, uint32_t node, const Topology& topology);

struct PfSlot {
  const PciDevice* pf = nullptr;
  std::vector<uint32_t> nodes;
  uint32_t capacity = 0;
  std::string capacity_note;  // where `capacity` comes from, for reasons
  std::vector<const PciDevice*> existing_vfs;
  uint32_t used = 0;
  uint32_t gpu_pairs = 0;  // GPUs already paired with this NIC
  std::vector<std::string> users;
  std::string excluded;  // why automatic choices skip it; "" when they may use it

  uint32_t free() const { return capacity - used; }
  std::string name() const { return pf->display_name(); }
};

class VfPool {
 public:
  VfPool(const Topology& topology, const config::ApplianceConfig& config);

  // The PF a config names (netdev or BDF); nullptr when no NIC PF has that name.
  PfSlot* find(std::string_view name);
  // PFs automatic choices may use that still have a free VF, in BDF order.
  std::vector<PfSlot*> available();
  std::vector<uint32_t> nodes_with_free_vfs() const;
  VfAssignment take(PfSlot& pf, const std::string& user, uint32_t guest_node);
  // "eth4 3/3 used, eth6 0/8 used (assumed)", or why there is nothing to list.
  std::string describe() const;

 private:
  const Topology& topology_;
  std::vector<PfSlot> pfs_;
};

}  // namespace nfv::topology::planner
