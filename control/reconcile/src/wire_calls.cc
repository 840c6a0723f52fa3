#include "nfv/reconcile/wire_calls.h"

#include "nfv/reconcile/field_changes.h"

namespace nfv::reconcile {
namespace {

template <typename P, typename R>
WireCall call(const api::Method<P, R>& method, const P& params) {
  return {std::string(method.name), api::to_wire(params)};
}

std::vector<WireCall> add_bridge(const BridgeSpec& bridge) {
  std::vector<WireCall> calls{call(api::kBridgeAdd, bridge.params)};
  for (const auto& member : bridge.members) {
    api::PortSetParams attach;
    attach.name = member;
    attach.bridge = bridge.params.name;
    calls.push_back(call(api::kPortSet, attach));
  }
  return calls;
}

std::vector<WireCall> del_bridge(const std::string& name, bool force) {
  return {call(api::kBridgeDel, api::BridgeDelParams{name, false, force})};
}

std::vector<WireCall> add_port(const PortState& port) {
  std::vector<WireCall> calls{call(api::kPortAdd, port.spec)};
  if (port.admin != "up") {
    api::PortSetParams down;
    down.name = port.spec.name;
    down.admin = port.admin;
    calls.push_back(call(api::kPortSet, down));
  }
  return calls;
}

std::vector<WireCall> del_port(const std::string& name) {
  return {call(api::kPortDel, api::NameParams{name, false})};
}

std::vector<WireCall> update_port(const PortState& from, const PortState& to) {
  PortUpdate update = port_update(from, to);
  std::vector<WireCall> calls;
  if (update.set) calls.push_back(call(api::kPortSet, *update.set));
  if (update.vlan) calls.push_back(call(api::kVlanSet, *update.vlan));
  return calls;
}

std::vector<WireCall> add_mac(const MacSpec& mac) {
  return {
      call(api::kMacAdd, api::MacAddParams{mac.key.bridge, mac.key.mac, mac.port, mac.key.vlan})};
}

std::vector<WireCall> del_mac(const MacKey& key) {
  return {call(api::kMacDel, api::MacDelParams{key.bridge, key.mac, key.vlan, false})};
}

template <typename T>
const T& spec(const ObjectSpec& object) {
  return std::get<T>(object);
}

}  // namespace

std::vector<WireCall> run_calls(const Step& step) {
  switch (step.kind) {
    case ObjectKind::kBridge:
      if (step.action == Action::kCreate) return add_bridge(spec<BridgeSpec>(step.target));
      if (step.action == Action::kDelete) {
        return del_bridge(step.name, !spec<BridgeSpec>(step.restore).members.empty());
      }
      return {};  // the switch has no bridge.set: reconcile replaces bridges instead
    case ObjectKind::kPort:
      if (step.action == Action::kCreate) return add_port(spec<PortState>(step.target));
      if (step.action == Action::kDelete) return del_port(step.name);
      return update_port(spec<PortState>(step.restore), spec<PortState>(step.target));
    case ObjectKind::kMac:
      if (step.action == Action::kDelete) return del_mac(spec<MacSpec>(step.restore).key);
      return add_mac(spec<MacSpec>(step.target));  // mac.add replaces an entry's port
    case ObjectKind::kVfs:
    case ObjectKind::kVf:
    case ObjectKind::kGuest:
      return {};  // host SR-IOV and guests, not the switch's
  }
  return {};
}

std::vector<WireCall> undo_calls(const Step& step) {
  switch (step.kind) {
    case ObjectKind::kBridge:
      if (step.action == Action::kCreate) return del_bridge(step.name, true);
      if (step.action == Action::kDelete) return add_bridge(spec<BridgeSpec>(step.restore));
      return {};
    case ObjectKind::kPort:
      if (step.action == Action::kCreate) return del_port(step.name);
      if (step.action == Action::kDelete) return add_port(spec<PortState>(step.restore));
      return update_port(spec<PortState>(step.target), spec<PortState>(step.restore));
    case ObjectKind::kMac:
      if (step.action == Action::kCreate) return del_mac(spec<MacSpec>(step.target).key);
      return add_mac(spec<MacSpec>(step.restore));
    case ObjectKind::kVfs:
    case ObjectKind::kVf:
    case ObjectKind::kGuest:
      return {};
  }
  return {};
}

}  // namespace nfv::reconcile
