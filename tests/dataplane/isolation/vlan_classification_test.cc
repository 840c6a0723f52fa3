// VLAN classification against every encapsulation a guest can send: untagged, 802.1Q tags,
// priority tags (VID 0) with and without a tag behind them, stacked 802.1Q tags, 802.1ad
// (0x88a8) and 0x9100 S-tags. Frames are generated for every port of a bridge with access
// ports, trunks with and without a native VLAN and a trunk that accepts QinQ; an independent
// model of the rules says where each must arrive and how. The invariant: a frame never leaves
// the switch in a VLAN other than the one it was classified into on ingress.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

struct PortVlans {
  std::string name;
  api::VlanConfig vlan;
  uint8_t mac_byte;  // source MAC 02:00:00:00:00:<mac_byte> of frames it sends
};

const std::vector<PortVlans> kPorts = {
    {"a10", {"access", 10, "", 0, false}, 0x10},     {"a20", {"access", 20, "", 0, false}, 0x20},
    {"t", {"trunk", 0, "10,20,30", 0, false}, 0x30}, {"n", {"trunk", 0, "20,30", 10, false}, 0x40},
    {"q", {"trunk", 0, "10,20", 0, true}, 0x50},
};

// The model of the rules, written from the port's settings alone.
bool carries(const api::VlanConfig& p, uint16_t vlan) {
  if (p.mode == "access") return vlan == p.tag;
  if (vlan == p.native) return true;
  if (vlan == 0) return false;
  for (uint16_t allowed : {10, 20, 30}) {  // the trunks' lists above
    if (vlan == allowed && p.trunks.find(std::to_string(allowed)) != std::string::npos) return true;
  }
  return false;
}
uint16_t untagged_vlan(const api::VlanConfig& p) { return p.mode == "access" ? p.tag : p.native; }
bool leaves_tagged(const api::VlanConfig& p, uint16_t vlan) {
  return p.mode == "trunk" && vlan != p.native;
}

struct Tag {
  uint16_t tpid;
  uint16_t vid;
};

Bytes build(uint8_t src_byte, const std::vector<Tag>& tags, uint32_t id) {
  Bytes f = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, src_byte};
  for (const Tag& t : tags) {
    f.insert(f.end(), {static_cast<uint8_t>(t.tpid >> 8), static_cast<uint8_t>(t.tpid),
                       static_cast<uint8_t>(t.vid >> 8), static_cast<uint8_t>(t.vid)});
  }
  f.insert(f.end(), {0x88, 0xb5, static_cast<uint8_t>(id >> 24), static_cast<uint8_t>(id >> 16),
                     static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id)});
  while (f.size() < 72) f.push_back(0xa5);
  return f;
}

Bytes remove_tag(Bytes f) {
  f.erase(f.begin() + 12, f.begin() + 16);
  return f;
}
Bytes add_tag(Bytes f, uint16_t vid) {
  f.insert(f.begin() + 12, {0x81, 0x00, static_cast<uint8_t>(vid >> 8), static_cast<uint8_t>(vid)});
  return f;
}

struct Expected {
  std::string ingress;
  std::string drop_reason;              // "" when forwarded
  std::map<std::string, Bytes> egress;  // port -> the exact frame it must send
};

// What the rules say of `tags` sent on port `in`.
Expected expect(const PortVlans& in, const std::vector<Tag>& tags, const Bytes& frame) {
  Expected e{in.name, "", {}};
  auto is_tag = [](uint16_t tpid) { return tpid == 0x8100 || tpid == 0x88a8 || tpid == 0x9100; };
  uint16_t vlan = untagged_vlan(in.vlan);
  bool tagged = false;
  bool stacked = false;
  Bytes inner = frame;  // the frame without the tag that classified it
  if (!tags.empty()) {
    const Tag& outer = tags[0];
    uint16_t vid = outer.vid & 0x0fff;  // without the priority bits
    bool second = tags.size() > 1 && is_tag(tags[1].tpid);
    if (outer.tpid != 0x8100) return {in.name, "vlan_encapsulation", {}};
    if (vid == 0) {
      if (second) return {in.name, "vlan_encapsulation", {}};
      inner = remove_tag(frame);
    } else {
      if (in.vlan.mode == "access") {
        return {in.name, second ? "vlan_encapsulation" : "vlan_not_allowed", {}};
      }
      if (!carries(in.vlan, vid)) return {in.name, "vlan_not_allowed", {}};
      if (second && !in.vlan.qinq) return {in.name, "vlan_encapsulation", {}};
      vlan = vid;
      tagged = true;
      stacked = second;
      inner = remove_tag(frame);
    }
  }
  for (const PortVlans& out : kPorts) {
    if (out.name == in.name || !carries(out.vlan, vlan)) continue;
    bool want_tagged = leaves_tagged(out.vlan, vlan);
    if (stacked && !want_tagged) continue;
    if (want_tagged) {
      e.egress[out.name] = tagged ? frame : add_tag(inner, vlan);
    } else {
      e.egress[out.name] = inner;
    }
  }
  if (e.egress.empty()) e.drop_reason = stacked ? "vlan_encapsulation" : "no_destination";
  return e;
}

uint32_t frame_id(const Bytes& f) {
  size_t at = 12;
  while (f[at] != 0x88 || f[at + 1] != 0xb5) at += 4;
  return (uint32_t{f[at + 2]} << 24) | (uint32_t{f[at + 3]} << 16) | (uint32_t{f[at + 4]} << 8) |
         f[at + 5];
}

std::vector<std::vector<Tag>> encapsulations() {
  std::vector<std::vector<Tag>> all = {{}};
  for (uint16_t tpid : {0x8100, 0x88a8, 0x9100}) {
    for (uint16_t v : {0, 10, 20, 30, 40}) {
      all.push_back({{tpid, v}});
      for (uint16_t inner_tpid : {0x8100, 0x88a8, 0x9100}) {
        for (uint16_t v2 : {10, 20, 99}) all.push_back({{tpid, v}, {inner_tpid, v2}});
      }
    }
  }
  all.push_back({{0x8100, static_cast<uint16_t>(0xe000 | 10)}});  // PCP 7, VLAN 10
  all.push_back({{0x8100, 0xe000}});                              // priority tag with PCP
  return all;
}

TEST(VlanClassification, NoFrameLeavesInAnotherVlanThanItWasClassifiedInto) {
  SwitchHarness h;
  h.add_bridge("br0");
  for (const PortVlans& p : kPorts) h.add_port(p.name, "br0", p.vlan);
  std::map<uint32_t, Expected> expected;
  std::map<std::string, std::map<std::string, uint64_t>> drops;  // port -> reason -> count
  std::map<std::string, size_t> arrivals;                        // port -> frames expected
  uint32_t id = 0;
  for (const PortVlans& in : kPorts) {
    std::vector<Bytes> frames;
    for (const auto& tags : encapsulations()) {
      Bytes frame = build(in.mac_byte, tags, ++id);
      Expected e = expect(in, tags, frame);
      if (!e.drop_reason.empty()) ++drops[in.name][e.drop_reason];
      for (const auto& [port, bytes] : e.egress) ++arrivals[port];
      expected[id] = e;
      frames.push_back(frame);
    }
    h.inject(in.name, frames);
  }
  h.settle();
  for (const PortVlans& out : kPorts) {
    auto got = h.collect(out.name, arrivals[out.name]);
    EXPECT_EQ(got.size(), arrivals[out.name]) << "frames sent by port " << out.name;
    for (const Bytes& frame : got) {
      uint32_t sent = frame_id(frame);
      ASSERT_TRUE(expected.count(sent)) << out.name << " sent an unknown frame";
      const Expected& e = expected[sent];
      auto want = e.egress.find(out.name);
      ASSERT_NE(want, e.egress.end())
          << "frame " << sent << " from " << e.ingress << " must not reach " << out.name
          << (e.drop_reason.empty() ? "" : " (it must be dropped: " + e.drop_reason + ")");
      EXPECT_TRUE(SameFrames({frame}, {want->second}))
          << "frame " << sent << " from " << e.ingress << " on " << out.name;
    }
  }
  for (const PortVlans& in : kPorts) {
    for (const char* reason : {"vlan_not_allowed", "vlan_encapsulation", "no_destination"}) {
      EXPECT_EQ(h.drops(in.name, reason), drops[in.name][reason]) << in.name << " " << reason;
    }
  }
  h.expect_counter_invariants();
}

TEST(VlanClassification, QinqIsRefusedOnAccessPortsAndByDefault) {
  SwitchHarness h;
  h.add_bridge("br0");
  api::VlanConfig bad{"access", 10, "", 0, true};
  auto refused = h.sw().set_vlan(api::VlanSetParams{"x", bad});
  EXPECT_FALSE(refused.ok());
  h.add_port("a", "br0", api::VlanConfig{"access", 10, "", 0, false});
  auto access_qinq = h.sw().set_vlan(api::VlanSetParams{"a", bad});
  ASSERT_FALSE(access_qinq.ok());
  EXPECT_NE(access_qinq.error().message.find("vlan.qinq apply to trunk ports"), std::string::npos)
      << access_qinq.error().message;
  h.add_port("t", "br0", api::VlanConfig{"trunk", 0, "10", 0, false});
  auto listed = h.sw().list_ports();
  for (const auto& port : listed.ports) EXPECT_FALSE(port.vlan.qinq) << port.name;
}

}  // namespace
}  // namespace nfv::test
