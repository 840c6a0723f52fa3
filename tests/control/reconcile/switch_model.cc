#include "switch_model.h"

#include <fmt/format.h>

namespace nfv::reconcile::testing {
namespace {

template <typename T>
Result<T> decode(const api::json& params) {
  return api::from_wire<T>(params);
}

}  // namespace

Status SwitchModel::call(const WireCall& call) {
  if (call.method == "bridge.add") return add_bridge(call.params);
  if (call.method == "bridge.del") return del_bridge(call.params);
  if (call.method == "port.add") return add_port(call.params);
  if (call.method == "port.del") return del_port(call.params);
  if (call.method == "port.set") return set_port(call.params);
  if (call.method == "vlan.set") return set_vlan(call.params);
  if (call.method == "mac.add") return add_mac(call.params);
  if (call.method == "mac.del") return del_mac(call.params);
  return make_error("model: unknown method {}", call.method);
}

Status SwitchModel::add_bridge(const api::json& params) {
  auto bridge = decode<api::BridgeAddParams>(params);
  if (!bridge) return std::move(bridge).error();
  if (state_.bridges.count(bridge->name) != 0) {
    return make_error("bridge {} already exists", bridge->name);
  }
  bridge->mac_table_size = bridge->mac_table_size.value_or(kModelMacTableSize);
  bridge->ageing_s = bridge->ageing_s.value_or(kModelAgeingS);
  state_.bridges[bridge->name] = normalize(*bridge);
  return {};
}

Status SwitchModel::del_bridge(const api::json& params) {
  auto del = decode<api::BridgeDelParams>(params);
  if (!del) return std::move(del).error();
  if (state_.bridges.count(del->name) == 0) return make_error("no bridge {}", del->name);
  for (auto& [name, port] : state_.ports) {
    if (port.spec.bridge != del->name) continue;
    if (!del->force) return make_error("bridge {} still has port {}", del->name, name);
    port.spec.bridge.clear();
  }
  std::erase_if(state_.macs, [&](const auto& entry) { return entry.first.bridge == del->name; });
  state_.bridges.erase(del->name);
  return {};
}

Status SwitchModel::check_attachment(const std::string& port, const std::string& bridge,
                                     const std::string& xconnect) const {
  if (!bridge.empty() && !xconnect.empty()) return make_error("port {}: bridge and xconnect", port);
  if (!bridge.empty() && state_.bridges.count(bridge) == 0) {
    return make_error("port {}: no bridge {}", port, bridge);
  }
  if (xconnect.empty()) return {};
  auto peer = state_.ports.find(xconnect);
  if (peer == state_.ports.end()) return make_error("port {}: no peer {}", port, xconnect);
  if (xconnect == port) return make_error("port {}: paired with itself", port);
  const api::PortAddParams& p = peer->second.spec;
  if (!p.bridge.empty() || (!p.xconnect.empty() && p.xconnect != port)) {
    return make_error("port {}: peer {} is attached elsewhere", port, xconnect);
  }
  return {};
}

void SwitchModel::detach(const std::string& name) {
  PortState& port = state_.ports.at(name);
  if (!port.spec.xconnect.empty()) state_.ports.at(port.spec.xconnect).spec.xconnect.clear();
  port.spec.bridge.clear();
  port.spec.xconnect.clear();
}

void SwitchModel::attach(const std::string& name, const std::string& bridge,
                         const std::string& xconnect) {
  state_.ports.at(name).spec.bridge = bridge;
  state_.ports.at(name).spec.xconnect = xconnect;
  if (!xconnect.empty()) state_.ports.at(xconnect).spec.xconnect = name;
}

void SwitchModel::flush_port_macs(const std::string& port) {
  std::erase_if(state_.macs, [&](const auto& entry) { return entry.second == port; });
}

Status SwitchModel::add_port(const api::json& params) {
  auto spec = decode<api::PortAddParams>(params);
  if (!spec) return std::move(spec).error();
  if (state_.ports.count(spec->name) != 0) return make_error("port {} already exists", spec->name);
  NFV_TRY(check_attachment(spec->name, spec->bridge, spec->xconnect));
  if (spec->type == "vhost" && spec->path.empty()) {
    spec->path = fmt::format("{}/{}.sock", kModelVhostDir, spec->name);
  }
  spec->tx_retries = spec->tx_retries.value_or(kModelTxRetries);
  // What port.list reports back: no socket ownership, no offered features.
  spec->socket.reset();
  spec->vhost.reset();
  std::string bridge = spec->bridge;
  std::string xconnect = spec->xconnect;
  spec->bridge.clear();
  spec->xconnect.clear();
  state_.ports[spec->name] = normalize(PortState{*spec, "up"});
  attach(spec->name, bridge, xconnect);
  return {};
}

Status SwitchModel::del_port(const api::json& params) {
  auto del = decode<api::NameParams>(params);
  if (!del) return std::move(del).error();
  if (state_.ports.count(del->name) == 0) return make_error("no port {}", del->name);
  detach(del->name);
  flush_port_macs(del->name);
  state_.ports.erase(del->name);
  return {};
}

Status SwitchModel::set_port(const api::json& params) {
  auto set = decode<api::PortSetParams>(params);
  if (!set) return std::move(set).error();
  auto found = state_.ports.find(set->name);
  if (found == state_.ports.end()) return make_error("no port {}", set->name);
  if (set->bridge || set->xconnect) {
    std::string bridge = set->bridge.value_or("");
    std::string xconnect = set->xconnect.value_or("");
    NFV_TRY(check_attachment(set->name, bridge, xconnect));
    if (!found->second.spec.bridge.empty()) flush_port_macs(set->name);
    detach(set->name);
    attach(set->name, bridge, xconnect);
  }
  api::PortAddParams& spec = found->second.spec;
  if (set->admin) found->second.admin = *set->admin;
  if (set->tx_retries) spec.tx_retries = set->tx_retries;
  if (set->rates) spec.rates = api::updated(spec.rates.value_or(api::RateConfig{}), *set->rates);
  if (set->mac_limit) spec.mac_limit = set->mac_limit;
  if (set->mac_lock) spec.mac_lock = set->mac_lock;
  if (set->security) spec.security = set->security;
  found->second = normalize(found->second);
  return {};
}

Status SwitchModel::set_vlan(const api::json& params) {
  auto set = decode<api::VlanSetParams>(params);
  if (!set) return std::move(set).error();
  auto found = state_.ports.find(set->port);
  if (found == state_.ports.end()) return make_error("no port {}", set->port);
  found->second.spec.vlan = set->vlan;
  found->second = normalize(found->second);
  flush_port_macs(set->port);
  return {};
}

Status SwitchModel::add_mac(const api::json& params) {
  auto add = decode<api::MacAddParams>(params);
  if (!add) return std::move(add).error();
  if (state_.bridges.count(add->bridge) == 0) return make_error("no bridge {}", add->bridge);
  auto port = state_.ports.find(add->port);
  if (port == state_.ports.end()) return make_error("no port {}", add->port);
  if (port->second.spec.bridge != add->bridge) {
    return make_error("port {} is not in bridge {}", add->port, add->bridge);
  }
  state_.macs[normalize(MacKey{add->bridge, add->mac, add->vlan})] = add->port;
  return {};
}

Status SwitchModel::del_mac(const api::json& params) {
  auto del = decode<api::MacDelParams>(params);
  if (!del) return std::move(del).error();
  if (state_.bridges.count(del->bridge) == 0) return make_error("no bridge {}", del->bridge);
  if (state_.macs.erase(normalize(MacKey{del->bridge, del->mac, del->vlan})) == 0) {
    return make_error("bridge {} has no entry for {}", del->bridge, del->mac);
  }
  return {};
}

Status ModelExecutor::run(const Step& step) {
  if (fail_run_ && runs_++ == *fail_run_) {
    return make_error("{}: injected failure", step_label(step));
  }
  for (const auto& call : run_calls(step)) NFV_TRY(model_.call(call));
  return {};
}

Status ModelExecutor::undo(const Step& step) {
  if (fail_undo_ && *fail_undo_ == step.name) {
    return make_error("{}: injected undo failure", step_label(step));
  }
  for (const auto& call : undo_calls(step)) NFV_TRY(model_.call(call));
  return {};
}

std::string dump(const SwitchState& state) {
  api::json out = {{"bridges", api::json::object()},
                   {"ports", api::json::object()},
                   {"macs", api::json::array()}};
  for (const auto& [name, bridge] : state.bridges) out["bridges"][name] = api::to_wire(bridge);
  for (const auto& [name, port] : state.ports) {
    out["ports"][name] = api::to_wire(port.spec);
    out["ports"][name]["admin"] = port.admin;
  }
  for (const auto& [key, port] : state.macs) {
    out["macs"].push_back(mac_name(key) + " -> " + port);
  }
  return out.dump(1);
}

}  // namespace nfv::reconcile::testing
