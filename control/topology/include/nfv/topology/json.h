// The JSON form of the topology and of a plan: what `nfvctl topology -j` / `nfvctl plan -j` print
// and what their text views (control/nfvctl/topology) draw from, so both carry the same data.
#pragma once

#include <nlohmann/json.hpp>

#include "nfv/topology/model.h"
#include "nfv/topology/placement.h"

namespace nfv::topology {

using json = nlohmann::ordered_json;

json topology_to_json(const Topology& topology);
// PCIe classes between every GPU and NIC PF, like `nvidia-smi topo -m`:
// {"devices": [{"name", "bdf", "kind"}], "classes": [["X", "PIX", ...], ...]}
json pcie_matrix_to_json(const Topology& topology);
json plan_to_json(const PlanReport& report);

}  // namespace nfv::topology
