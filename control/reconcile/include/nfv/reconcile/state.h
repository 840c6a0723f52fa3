// The switch's objects as nfvd wants them (desired) or finds them (observed), in the switch's
// own wire types, so that a config maps onto it in one thin step. Both sides are kept in a
// normal form (normalize(), observe()): a field left at its documented default compares equal
// to that default, so an unchanged config reconciles to no steps.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <string>

#include "nfv/api/switch_api.h"

namespace nfv::reconcile {

// A port: what port.add takes, plus its admin state (port.set), which port.add cannot set.
// Fields the switch does not report back (socket ownership, offered virtio features,
// exist_ok) are passed on create and not compared.
struct PortState {
  api::PortAddParams spec;
  std::string admin = "up";  // up | down
};

// A static MAC entry's key; the entry's value is its output port.
struct MacKey {
  std::string bridge;
  std::string mac;  // lower case, aa:bb:cc:dd:ee:ff
  uint32_t vlan = 0;
  auto operator<=>(const MacKey&) const = default;
};

struct SwitchState {
  std::map<std::string, api::BridgeAddParams> bridges;  // by name; params.name == key
  std::map<std::string, PortState> ports;               // by name; spec.name == key
  std::map<MacKey, std::string> macs;                   // static entries -> port
};

// The state in normal form. Defaults that are constants become explicit (mac_limit 0, admin
// up, VLAN trunk of all, queues 1, the type's MTU, vhost mode server); "no limits" and "port
// security off" become absent, as port.list reports them; MACs become lower case. Fields whose
// default is a switch option (vhost socket path, tx_retries, a bridge's mac_table_size and
// ageing_s) stay unset: unset means "whatever the switch chose".
SwitchState normalize(SwitchState state);
PortState normalize(PortState port);
api::BridgeAddParams normalize(api::BridgeAddParams bridge);
MacKey normalize(MacKey key);

// The observed state from the switch's replies to port.list, bridge.list and mac.list;
// learned MAC entries are left out. Pure; the result is in normal form.
SwitchState observe(const api::PortList& ports, const api::BridgeList& bridges,
                    const api::MacList& macs);

// "br0 aa:bb:cc:dd:ee:ff vlan 10": a static MAC's name in steps and messages.
std::string mac_name(const MacKey& key);

}  // namespace nfv::reconcile
