// Field-by-field comparison of two states of one object, split by what the switch can change
// in place (port.set, vlan.set, mac.add over an entry) and what only a new object can carry.
// Both states are in normal form (state.h); a field `to` leaves unset is not compared.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nfv/api/switch_api.h"
#include "nfv/reconcile/state.h"

namespace nfv::reconcile {

struct FieldChange {
  std::string field;  // wire name: "vlan", "mtu"
  std::string from;   // human form: "access 10", "trunk all", "none"
  std::string to;
};

// "vlan access 10 -> access 20"
std::string describe(const FieldChange& change);
// The changes joined with ", ".
std::string describe(const std::vector<FieldChange>& changes);

// Port fields that port.set and vlan.set cannot change (type, socket path and mode, devargs,
// queues, MTU): any of them differing means the port is deleted and added again.
std::vector<FieldChange> fixed_port_changes(const PortState& from, const PortState& to);
// Port fields port.set and vlan.set change in place.
std::vector<FieldChange> settable_port_changes(const PortState& from, const PortState& to);
// Bridge fields; the switch has no bridge.set, so each forces a replace.
std::vector<FieldChange> bridge_changes(const api::BridgeAddParams& from,
                                        const api::BridgeAddParams& to);

// The port.set and vlan.set calls that turn port `from` into `to`.
struct PortUpdate {
  std::optional<api::PortSetParams> set;   // absent: nothing port.set changes
  std::optional<api::VlanSetParams> vlan;  // absent: the VLAN stays
};
PortUpdate port_update(const PortState& from, const PortState& to);

}  // namespace nfv::reconcile
