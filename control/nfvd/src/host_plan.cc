#include "nfv/nfvd/host_plan.h"

#include "nfv/preflight/preflight.h"
#include "nfv/topology/planner.h"

namespace nfv::nfvd {

Result<topology::Placement> plan_on_host(const config::ApplianceConfig& config,
                                         const std::string& sysfs_root,
                                         const std::string& topology_xml) {
  auto topology = preflight::load_host_topology(topology_xml, sysfs_root);
  if (!topology) return std::move(topology).error();
  return topology::plan(*topology, config);
}

}  // namespace nfv::nfvd
