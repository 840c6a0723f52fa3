// One change that exercises every kind of step: bridges deleted, replaced and added; ports
// deleted, replaced, changed in place, moved between bridges and re-paired; static MACs that
// vanish with their port or bridge, move, or change port in place.
#pragma once

#include "nfv/reconcile/state.h"
#include "states.h"

namespace nfv::reconcile::testing {

inline constexpr const char* kMac1 = "02:00:00:00:00:01";
inline constexpr const char* kMac2 = "02:00:00:00:00:02";
inline constexpr const char* kMac3 = "02:00:00:00:00:03";
inline constexpr const char* kMac4 = "02:00:00:00:00:04";
inline constexpr const char* kMac5 = "02:00:00:00:00:05";

inline SwitchState scenario_before() {
  SwitchState s;
  for (const char* name : {"br-keep", "br-gone", "br-resize"}) add(s, bridge(name));
  PortState a = vhost_port("a", "br-keep");
  a.spec.vlan = access(10);
  add(s, a);
  add(s, vhost_port("b", "br-gone"));
  add(s, vhost_port("c", "br-resize"));
  add(s, ring_port("d", "br-keep"));
  add(s, ring_port("d2", "br-keep"));
  add(s, vhost_port("e", "br-keep"));
  PortState f = vhost_port("f");
  f.spec.xconnect = "g";
  add(s, f);
  PortState g = vhost_port("g");
  g.spec.xconnect = "f";
  add(s, g);
  add(s, vhost_port("h", "br-keep"));
  add_mac(s, "br-keep", kMac1, 10, "a");
  add_mac(s, "br-keep", kMac2, 0, "d");
  add_mac(s, "br-keep", kMac3, 0, "h");
  add_mac(s, "br-resize", kMac4, 0, "c");
  add_mac(s, "br-keep", kMac5, 0, "d");
  return s;
}

inline SwitchState scenario_after() {
  SwitchState s;
  add(s, bridge("br-keep"));
  api::BridgeAddParams resized = bridge("br-resize");
  resized.mac_table_size = 1024;
  add(s, resized);
  add(s, bridge("br-new"));
  PortState a = vhost_port("a", "br-keep");
  a.spec.vlan = access(20);
  add(s, a);
  add(s, vhost_port("b", "br-new"));
  add(s, vhost_port("c", "br-resize"));
  add(s, ring_port("d", "br-keep"));
  add(s, ring_port("d2", "br-keep"));
  PortState e = vhost_port("e", "br-keep");
  e.spec.mode = "client";
  add(s, e);
  PortState f = vhost_port("f");
  f.spec.xconnect = "n";
  add(s, f);
  add(s, vhost_port("g", "br-new"));
  PortState n = vhost_port("n");
  n.spec.xconnect = "f";
  add(s, n);
  add_mac(s, "br-keep", kMac1, 20, "a");
  add_mac(s, "br-keep", kMac2, 0, "e");
  add_mac(s, "br-resize", kMac4, 0, "c");
  add_mac(s, "br-keep", kMac5, 0, "d2");
  return s;
}

}  // namespace nfv::reconcile::testing
