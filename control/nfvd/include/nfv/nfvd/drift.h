// Drift: what changed on the host behind nfvd's back. The plan that reconciling the desired
// state (the config last applied) against the observed host gives is read object by object:
// what differs, in words, and what `nfvctl apply` of the desired state does about it. Steps
// that only follow from another object's repair (a static MAC deleted and added back around
// its port's replacement, a VF released because its PF's count changes) are not drift of
// their own. Pure; the periodic check is drift_monitor.h's.
#pragma once

#include <string>
#include <vector>

#include "nfv/api/nfvd_api.h"
#include "nfv/reconcile/reconcile.h"

namespace nfv::nfvd {

// One item per drifted object, sorted by kind (bridge, port, mac, vfs, vf, guest), then name.
std::vector<api::NfvdDriftItem> drift_items(const reconcile::Plan& plan);

// The result of a check that read the host: its items and the foreign objects seen.
api::NfvdDrift drift_of(const reconcile::Plan& plan, std::string checked_at);
// A check that could not read the host: not in sync, and why.
api::NfvdDrift drift_unreadable(std::string error, std::string checked_at);

// "port a: removed behind nfvd's back (apply creates it)"
std::string drift_line(const api::NfvdDriftItem& item);

// What a new check says that the previous one did not, for the log: each item that appeared
// (once, with the command that repairs it), a new read error, or the return to sync.
std::vector<std::string> drift_transitions(const api::NfvdDrift& before,
                                           const api::NfvdDrift& after,
                                           const std::string& config_path);

}  // namespace nfv::nfvd
