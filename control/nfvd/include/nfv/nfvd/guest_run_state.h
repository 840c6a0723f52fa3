// A guest of the config that exists as desired but no longer runs (shut off or crashed behind
// nfvd's back, as the guest manager's lifecycle events say) is drift like any other: the plan
// gets a change step for it (the manager's change defines and starts it again). Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nfv/guests/guest_manager.h"
#include "nfv/reconcile/guest_state.h"
#include "nfv/reconcile/step.h"

namespace nfv::nfvd {

// The reason of such a step starts with this ("run state shut off -> running").
inline constexpr const char* kRunStateReason = "run state ";

// One change step per desired guest that the manager has as desired (no step of `planned`
// touches it) and whose run state is "shut off" or "crashed"; appended to `planned`.
void add_guest_restarts(std::vector<reconcile::Step>& planned,
                        const reconcile::GuestStates& desired,
                        const reconcile::GuestStates& observed,
                        const std::map<std::string, guests::GuestRuntime>& runtimes);

}  // namespace nfv::nfvd
