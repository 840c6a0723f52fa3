// The whole pre-flight of a config on a host: plan it (control/topology), derive what it needs,
// read the host under the roots given and check. nfvd runs it on nfvd.check and before every
// apply; nfvctl check runs it locally when nfvd does not answer.
#pragma once

#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/config/config.h"
#include "nfv/preflight/finding.h"
#include "nfv/preflight/host_facts.h"
#include "nfv/preflight/requirements.h"
#include "nfv/topology/model.h"

namespace nfv::preflight {

// The machine to plan on: a recorded hwloc XML when `topology_xml` is set, else this machine
// (hwloc) completed from sysfs under `sysfs_root`.
Result<topology::Topology> load_host_topology(const std::string& topology_xml,
                                              const std::string& sysfs_root);

// Findings for `config` on `topology` and the host under `roots`: the plan's shortages are
// errors and its warnings stay warnings (a config the machine cannot hold is refused before
// anything is touched), then check_host's findings. An error only when the host cannot be read.
Result<std::vector<Finding>> run_preflight(const config::ApplianceConfig& config,
                                           const topology::Topology& topology,
                                           const HostRoots& roots, const SwitchRuntime& runtime);

}  // namespace nfv::preflight
