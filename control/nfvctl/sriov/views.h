// What nfvctl's SR-IOV commands print: one JSON value per result, and the text rendered from it.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "nfv/cli/output.h"
#include "nfv/sriov/vf_manager.h"

namespace nfv::nfvctl {

cli::json inventory_json(const sriov::Inventory& inventory);
void render_inventory(std::ostream& out, const cli::json& value);

// With how the consumer refers to the device: a libvirt hostdev or DPDK devargs.
cli::json allocation_json(const sriov::Allocation& allocation);
void render_allocation(std::ostream& out, const cli::json& value);

cli::json stale_json(const sriov::StaleAllocation& stale);

cli::json vf_state_json(const sriov::VfState& state);
void render_vf_state(std::ostream& out, const cli::json& value);

cli::json text_or_null(const std::string& text);
cli::json optional_json(const std::optional<int>& value);
cli::json optional_json(const std::optional<unsigned>& value);

}  // namespace nfv::nfvctl
