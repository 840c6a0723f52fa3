// The planner on this host: its live topology (hwloc, completed from sysfs under `sysfs_root`)
// and the config. nfvd plans where PMDs go when it starts the switch, and where guests go
// when it applies them.
#pragma once

#include <string>

#include "nfv/common/result.h"
#include "nfv/config/config.h"
#include "nfv/topology/placement.h"

namespace nfv::nfvd {

// `topology_xml`: a recorded hwloc XML to plan on instead (tests on a sysfs double).
Result<topology::Placement> plan_on_host(const config::ApplianceConfig& config,
                                         const std::string& sysfs_root,
                                         const std::string& topology_xml = "");

}  // namespace nfv::nfvd
