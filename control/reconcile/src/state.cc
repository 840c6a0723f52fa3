#include "nfv/reconcile/state.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "nfv/common/strings.h"

namespace nfv::reconcile {
namespace {

// The switch's MTU defaults per port type (port.add without mtu).
constexpr uint32_t kDefaultDpdkMtu = 1500;
constexpr uint32_t kDefaultVhostMtu = 9000;

std::string lower_mac(const std::string& text) {
  auto mac = parse_mac(text);
  if (mac) return format_mac(*mac);
  std::string lowered = text;  // invalid: left for the switch to refuse, by its own words
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

api::VlanConfig normalize_vlan(api::VlanConfig vlan) {
  if (vlan.mode == "access") {
    vlan.trunks.clear();
    vlan.native = 0;
    vlan.qinq = false;
  } else {
    vlan.tag = 0;
    // The switch reports trunks in canonical form ("1-3,7"): compare in that form.
    auto ids = parse_id_list(vlan.trunks, "vlan.trunks", 4094);
    if (ids && !ids->empty()) vlan.trunks = format_id_list(*ids);
  }
  return vlan;
}

std::optional<api::PortSecurityConfig> normalize_security(
    std::optional<api::PortSecurityConfig> security) {
  if (!security || !security->enabled) return std::nullopt;
  for (auto& mac : security->macs) mac = lower_mac(mac);
  return security;
}

}  // namespace

PortState normalize(PortState port) {
  api::PortAddParams& spec = port.spec;
  bool vhost = spec.type == "vhost";
  if (vhost && spec.mode.empty()) spec.mode = "server";
  if (spec.queues == 0) spec.queues = 1;
  if (!spec.mtu) spec.mtu = vhost ? kDefaultVhostMtu : kDefaultDpdkMtu;
  spec.vlan = normalize_vlan(spec.vlan.value_or(api::VlanConfig{}));
  if (!spec.mac_limit) spec.mac_limit = 0;
  if (!spec.mac_lock) spec.mac_lock = false;
  if (spec.rates && *spec.rates == api::RateConfig{}) spec.rates.reset();
  spec.security = normalize_security(std::move(spec.security));
  spec.exist_ok = false;
  if (port.admin.empty()) port.admin = "up";
  return port;
}

api::BridgeAddParams normalize(api::BridgeAddParams bridge) {
  if (!bridge.mac_limit) bridge.mac_limit = 0;
  bridge.exist_ok = false;
  return bridge;
}

MacKey normalize(MacKey key) {
  key.mac = lower_mac(key.mac);
  return key;
}

SwitchState normalize(SwitchState state) {
  SwitchState out;
  for (auto& [name, bridge] : state.bridges) {
    bridge.name = name;
    out.bridges.emplace(name, normalize(std::move(bridge)));
  }
  for (auto& [name, port] : state.ports) {
    port.spec.name = name;
    out.ports.emplace(name, normalize(std::move(port)));
  }
  for (auto& [key, port] : state.macs) out.macs.emplace(normalize(key), port);
  return out;
}

namespace {

PortState observed_port(const api::PortInfo& info) {
  PortState port;
  api::PortAddParams& spec = port.spec;
  spec.name = info.name;
  spec.type = info.type;
  if (info.type == "vhost") {
    spec.path = info.path;
    spec.mode = info.mode;
  } else {
    spec.devargs = info.devargs;
  }
  spec.queues = info.rx_queues;
  spec.bridge = info.bridge;
  spec.xconnect = info.xconnect;
  spec.vlan = info.vlan;
  spec.tx_retries = info.tx_retries;
  spec.mac_limit = info.mac_limit;
  spec.mac_lock = info.mac_lock;
  spec.mtu = info.mtu;
  spec.rates = info.rates;
  spec.security = info.security;
  port.admin = info.admin;
  return normalize(std::move(port));
}

api::BridgeAddParams observed_bridge(const api::BridgeInfo& info) {
  api::BridgeAddParams bridge;
  bridge.name = info.name;
  bridge.mac_table_size = info.mac_table_size;
  bridge.ageing_s = info.ageing_s;
  bridge.mac_limit = info.mac_limit;
  return bridge;
}

}  // namespace

SwitchState observe(const api::PortList& ports, const api::BridgeList& bridges,
                    const api::MacList& macs) {
  SwitchState state;
  for (const auto& info : bridges.bridges) state.bridges[info.name] = observed_bridge(info);
  for (const auto& info : ports.ports) state.ports[info.name] = observed_port(info);
  for (const auto& entry : macs.entries) {
    if (!entry.is_static) continue;
    state.macs[normalize(MacKey{entry.bridge, entry.mac, entry.vlan})] = entry.port;
  }
  return state;
}

std::string mac_name(const MacKey& key) {
  return fmt::format("{} {} vlan {}", key.bridge, key.mac, key.vlan);
}

}  // namespace nfv::reconcile
