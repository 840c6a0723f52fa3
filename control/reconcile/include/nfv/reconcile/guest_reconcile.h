// Reconcile for guests, pure, in the Step shape of the switch's plan (kind "guest"), so one
// plan, one diff and one apply_steps cover the switch, SR-IOV and guests. Guest steps go after
// the switch's: a guest needs its vhost-user ports (and VFs) in place.
//
// Order: deletes, then changes, then creates (each sorted by name), so that resources a
// deleted guest frees are there for the ones created after it.
#pragma once

#include <set>
#include <string>

#include "nfv/reconcile/guest_state.h"
#include "nfv/reconcile/reconcile.h"

namespace nfv::reconcile {

// `owned`: guests of an earlier apply. An observed guest outside `desired` is deleted when
// owned, and left alone (reported in Plan::foreign) when not.
Plan reconcile_guests(const GuestStates& desired, const GuestStates& observed,
                      const std::set<std::string>& owned);

// Whether a step is a guest's: the steps a guest manager runs.
bool is_guest_step(const Step& step);

}  // namespace nfv::reconcile
