// The placement planner: a pure, deterministic function of the topology and the config
// (demands and policy). Same inputs, same plan, byte for byte; no I/O, no clock, no hwloc.
// nfvctl plan and nfvd (when it applies a config) both call it.
#pragma once

#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/config/config.h"
#include "nfv/topology/model.h"
#include "nfv/topology/placement.h"

namespace nfv::topology {

// Always returns: a placement with reasons and warnings, plus every shortage found (planning
// goes on past the first one so the operator sees the whole list at once).
PlanReport plan_placement(const Topology& topology, const config::ApplianceConfig& config);

// The placement, or an error listing exactly what is short.
Result<Placement> plan(const Topology& topology, const config::ApplianceConfig& config);

// "placement infeasible: 2 shortages\n- guest vnf3: CPUs: ...\n- ..."
std::string describe_shortages(const std::vector<Shortage>& shortages);

}  // namespace nfv::topology
