// Text views for operators, drawn from the same JSON values `-j` prints.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "nfv/topology/json.h"

namespace nfv::nfvctl {

using topology::json;

void render_topology(const json& topology, std::ostream& out);
void render_pcie_matrix(const json& matrix, std::ostream& out);
void render_plan(const json& plan, std::ostream& out);

// Shared by the renderers: "0-3,8" from a JSON array of ids; "9.6 GiB" from bytes.
std::string id_list(const json& ids);
std::string human_bytes(uint64_t bytes);

}  // namespace nfv::nfvctl
