// The planner's steps, in the order plan_placement runs them. Each reads and updates the
// context; none does I/O.
#pragma once

#include <string>
#include <vector>

#include "context.h"

namespace nfv::topology::planner {

// place_switch.cc
void resolve_ports(PlanContext& ctx);
void place_housekeeping(PlanContext& ctx);
void place_pmds(PlanContext& ctx);
void reserve_switch_memory(PlanContext& ctx);

// place_guest.cc
void place_guest(PlanContext& ctx, const config::GuestConfig& guest);
void finish_shared_guests(PlanContext& ctx);

// gpu_pairing.cc: GPUs for an ai guest, each with a VF of its closest NIC. Appends what ended
// up off the guest's node to `remote`.
void place_gpus(PlanContext& ctx, const config::GuestConfig& guest, GuestPlacement& placement,
                std::vector<std::string>& remote);

}  // namespace nfv::topology::planner
