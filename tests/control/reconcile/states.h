// Small builders for switch states in reconcile tests.
#pragma once

#include <string>
#include <vector>

#include "nfv/reconcile/reconcile.h"
#include "nfv/reconcile/state.h"

namespace nfv::reconcile::testing {

inline api::BridgeAddParams bridge(const std::string& name) {
  api::BridgeAddParams params;
  params.name = name;
  return params;
}

inline PortState vhost_port(const std::string& name, const std::string& bridge_name = "") {
  PortState port;
  port.spec.name = name;
  port.spec.type = "vhost";
  port.spec.bridge = bridge_name;
  return port;
}

inline PortState ring_port(const std::string& name, const std::string& bridge_name = "") {
  PortState port;
  port.spec.name = name;
  port.spec.type = "dpdk";
  port.spec.devargs = "net_ring_" + name;
  port.spec.bridge = bridge_name;
  return port;
}

inline api::VlanConfig access(uint32_t tag) {
  api::VlanConfig vlan;
  vlan.mode = "access";
  vlan.tag = tag;
  return vlan;
}

inline void add(SwitchState& state, const api::BridgeAddParams& params) {
  state.bridges[params.name] = params;
}
inline void add(SwitchState& state, const PortState& port) { state.ports[port.spec.name] = port; }
inline void add_mac(SwitchState& state, const std::string& bridge_name, const std::string& mac,
                    uint32_t vlan, const std::string& port) {
  state.macs[MacKey{bridge_name, mac, vlan}] = port;
}

// Everything in `state`, as nfvd would record what it created.
inline Ownership own_all(const SwitchState& state) {
  Ownership owned;
  for (const auto& [name, b] : state.bridges) owned.bridges.insert(name);
  for (const auto& [name, p] : state.ports) owned.ports.insert(name);
  for (const auto& [key, p] : state.macs) owned.macs.insert(normalize(key));
  return owned;
}

// "create port vm1" for each step, to compare plans in one readable assertion.
inline std::vector<std::string> summary(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& step : plan.steps) {
    out.push_back(std::string(action_name(step.action)) + " " + std::string(kind_name(step.kind)) +
                  " " + step.name);
  }
  return out;
}

}  // namespace nfv::reconcile::testing
