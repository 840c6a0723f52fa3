#include "nfv/nfvd/object_views.h"

#include <fmt/format.h>

#include <set>

#include "nfv/common/strings.h"

namespace nfv::nfvd {
namespace {

using reconcile::ObjectKind;
using reconcile::PortState;

template <typename Map>
std::set<std::string> names_in(const Map& a, const Map& b) {
  std::set<std::string> names;
  for (const auto& [name, value] : a) names.insert(name);
  for (const auto& [name, value] : b) names.insert(name);
  return names;
}

api::NfvdObject view_of(const ObjectsSeen& seen, ObjectKind kind, const std::string& name,
                        bool desired, bool observed, bool owned) {
  api::NfvdObject object;
  object.name = name;
  object.desired = desired;
  object.observed = observed;
  object.owner = desired || owned ? "nfvd" : "foreign";
  object.state = planned_for(seen.plan.steps, kind, name);
  // The owner column says "foreign" already; its state says that nfvd keeps its hands off.
  if (object.state.empty()) object.state = object.owner == "foreign" ? "left as it is" : "in sync";
  return object;
}

// "vhost client /run/nfv/vm1.sock, bridge br0", "dpdk 0000:3b:00.0, xconnect up1, down".
std::string port_detail(const PortState& port) {
  const api::PortAddParams& spec = port.spec;
  std::string text = spec.type;
  if (!spec.mode.empty()) text += " " + spec.mode;
  std::string where = spec.type == "dpdk" ? spec.devargs : spec.path;
  if (!where.empty()) text += " " + where;
  if (!spec.bridge.empty()) text += ", bridge " + spec.bridge;
  if (!spec.xconnect.empty()) text += ", xconnect " + spec.xconnect;
  if (spec.vlan && spec.vlan->mode == "access") text += fmt::format(", vlan {}", spec.vlan->tag);
  if (port.admin == "down") text += ", down";
  return text;
}

std::string bridge_detail(const reconcile::SwitchState& state, const std::string& bridge) {
  std::vector<std::string> members;
  for (const auto& [name, port] : state.ports) {
    if (port.spec.bridge == bridge) members.push_back(name);
  }
  size_t macs = 0;
  for (const auto& [key, port] : state.macs) macs += key.bridge == bridge ? 1 : 0;
  return fmt::format("ports {}, {} static MAC(s)", members.empty() ? "-" : join(members, ","),
                     macs);
}

}  // namespace

std::string planned_for(const std::vector<reconcile::Step>& steps, ObjectKind kind,
                        const std::string& name) {
  std::vector<std::string> parts;
  for (const auto& step : steps) {
    if (step.kind != kind || step.name != name) continue;
    parts.push_back(fmt::format("{}: {}", reconcile::action_name(step.action), step.reason));
  }
  return join(parts, "; ");
}

std::vector<api::NfvdObject> port_views(const ObjectsSeen& seen) {
  std::vector<api::NfvdObject> views;
  for (const auto& name : names_in(seen.desired.ports, seen.observed.ports)) {
    auto wanted = seen.desired.ports.find(name);
    auto found = seen.observed.ports.find(name);
    bool desired = wanted != seen.desired.ports.end();
    bool observed = found != seen.observed.ports.end();
    api::NfvdObject view =
        view_of(seen, ObjectKind::kPort, name, desired, observed, seen.owned.ports.contains(name));
    view.detail = port_detail(observed ? found->second : wanted->second);
    views.push_back(std::move(view));
  }
  return views;
}

std::vector<api::NfvdObject> bridge_views(const ObjectsSeen& seen) {
  std::vector<api::NfvdObject> views;
  for (const auto& name : names_in(seen.desired.bridges, seen.observed.bridges)) {
    bool desired = seen.desired.bridges.contains(name);
    bool observed = seen.observed.bridges.contains(name);
    api::NfvdObject view = view_of(seen, ObjectKind::kBridge, name, desired, observed,
                                   seen.owned.bridges.contains(name));
    view.detail = bridge_detail(observed ? seen.observed : seen.desired, name);
    views.push_back(std::move(view));
  }
  return views;
}

api::NfvdOwnership ownership_wire(const reconcile::Ownership& owned, std::string config_path,
                                  const VfAddresses& vf_addresses) {
  api::NfvdOwnership wire;
  wire.config_path = std::move(config_path);
  wire.bridges.assign(owned.bridges.begin(), owned.bridges.end());
  wire.ports.assign(owned.ports.begin(), owned.ports.end());
  for (const auto& key : owned.macs) wire.macs.push_back({key.bridge, key.mac, key.vlan});
  for (const auto& pf : owned.pfs) {
    api::NfvdOwnedPf& out = wire.pfs.emplace_back(api::NfvdOwnedPf{pf, {}});
    auto vfs = vf_addresses.find(pf);
    if (vfs == vf_addresses.end()) continue;  // the PF is gone, or has no VFs
    for (const auto& [index, address] : vfs->second) out.vfs.push_back(address);
  }
  return wire;
}

}  // namespace nfv::nfvd
