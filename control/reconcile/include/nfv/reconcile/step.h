// One step of a reconcile plan: an action on one switch object, what it puts in place, what
// puts the object back on undo (so a rollback reads nothing from the switch), and why.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "nfv/api/switch_api.h"
#include "nfv/reconcile/guest_state.h"
#include "nfv/reconcile/sriov_state.h"
#include "nfv/reconcile/state.h"

namespace nfv::reconcile {

enum class Action { kCreate, kChange, kDelete };
// kVfs: a PF's VF count; kVf: one VF's settings and driver (sriov_reconcile.h); kGuest: a
// guest (guest_reconcile.h).
enum class ObjectKind { kBridge, kPort, kMac, kVfs, kVf, kGuest };

std::string_view action_name(Action action);  // create | change | delete
std::string_view kind_name(ObjectKind kind);  // bridge | port | mac | vfs | vf | guest

// A bridge as a step adds it: its settings, then the ports to attach to it (those a forced
// bridge.del detached, which a replace or an undo puts back).
struct BridgeSpec {
  api::BridgeAddParams params;
  std::vector<std::string> members;
};

struct MacSpec {
  MacKey key;
  std::string port;
};

using ObjectSpec =
    std::variant<std::monostate, BridgeSpec, PortState, MacSpec, VfCountSpec, VfSpec, GuestState>;

struct Step {
  Action action = Action::kCreate;
  ObjectKind kind = ObjectKind::kPort;
  std::string name;    // bridge or port name; mac_name() of a MAC
  ObjectSpec target;   // create, change: the state run() puts in place; delete: empty
  ObjectSpec restore;  // change, delete: the state undo() puts back; create: empty
  std::string reason;  // "vlan access 10 -> access 20", "not in the config"
};

// "port vm1 (change)": how messages and progress lines name a step.
std::string step_label(const Step& step);

}  // namespace nfv::reconcile
