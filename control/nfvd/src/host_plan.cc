#include "nfv/nfvd/host_plan.h"

#include "nfv/topology/hwloc_loader.h"
#include "nfv/topology/planner.h"

namespace nfv::nfvd {

Result<topology::Placement> plan_on_host(const config::ApplianceConfig& config,
                                         const std::string& sysfs_root) {
  auto topology = topology::load_live_topology(sysfs_root);
  if (!topology) return std::move(topology).error();
  return topology::plan(*topology, config);
}

}  // namespace nfv::nfvd
