// Reconcile, pure: desired state + observed state -> the ordered steps that make the switch
// match the desired state, each with the reason for it.
//
// Order (dependencies first; within a group, sorted by name so that plans diff stably):
//   1. delete static MACs    (not desired, or about to vanish with their port or bridge)
//   2. delete ports          (not desired, or replaced: a fixed field differs)
//   3. delete bridges        (not desired, or replaced: the switch has no bridge.set)
//   4. create bridges        (new, or the replacement; a replacement re-attaches its ports)
//   5. change ports, then static MACs, in place (port.set, vlan.set, mac.add)
//   6. create ports
//   7. create static MACs
// Changes follow the bridge creates so that a port can move into a new bridge, and precede
// the port creates so that a new port can pair with a port that a change detached.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "nfv/reconcile/state.h"
#include "nfv/reconcile/step.h"

namespace nfv::reconcile {

// The objects nfvd created: observed objects outside the desired state are deleted only when
// listed here.
struct Ownership {
  std::set<std::string> bridges;
  std::set<std::string> ports;
  std::set<MacKey> macs;
  std::set<std::string> pfs;     // SR-IOV PFs (by PCI address) whose VFs nfvd set up
  std::set<std::string> guests;  // guests of an applied config
};

// An observed object that is not in the desired state and not nfvd's: left as it is.
struct ForeignObject {
  ObjectKind kind = ObjectKind::kPort;
  std::string name;
};

struct Plan {
  std::vector<Step> steps;
  std::vector<ForeignObject> foreign;  // sorted by kind, then name
};

// Normalizes both states (state.h) before comparing them.
Plan reconcile(const SwitchState& desired, const SwitchState& observed, const Ownership& owned);

}  // namespace nfv::reconcile
