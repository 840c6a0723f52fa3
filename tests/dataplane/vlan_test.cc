// VLANs: access ports, trunks with allowed lists, native VLAN, isolation between VLANs.
#include <gtest/gtest.h>

#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

constexpr const char* kBroadcast = "ff:ff:ff:ff:ff:ff";
constexpr const char* kMacA = "02:00:00:00:00:0a";

api::VlanConfig access(uint32_t tag) { return api::VlanConfig{"access", tag, "", 0}; }
api::VlanConfig trunk(const std::string& vlans, uint32_t native = 0) {
  return api::VlanConfig{"trunk", 0, vlans, native};
}

class VlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h.add_bridge("br0");
    h.add_port("a10", "br0", access(10));
    h.add_port("b10", "br0", access(10));
    h.add_port("c20", "br0", access(20));
    h.add_port("t", "br0", trunk("10,20"));
  }
  void TearDown() override { h.expect_counter_invariants(); }
  SwitchHarness h;
};

TEST_F(VlanTest, AccessPortsAreIsolatedByVlanAndTrunkCarriesTagged) {
  Bytes frame = make_frame(kBroadcast, kMacA, {}, 80, 7);
  h.inject("a10", {frame});
  EXPECT_TRUE(SameFrames(h.collect("b10", 1), std::vector<Bytes>{frame})) << "same VLAN, untagged";
  auto on_trunk = h.collect("t", 1);
  ASSERT_EQ(on_trunk.size(), 1u);
  EXPECT_EQ(frame_vlan(on_trunk[0]), 10) << "the trunk gets it tagged with VLAN 10";
  EXPECT_EQ(on_trunk[0], make_frame(kBroadcast, kMacA, 10, 84, 7))
      << "tag inserted after the source MAC, payload unchanged";
  h.settle();
  EXPECT_TRUE(h.drain("c20").empty()) << "VLAN 20 never sees VLAN 10";
}

TEST_F(VlanTest, TaggedFromTrunkIsUntaggedOnAccess) {
  Bytes tagged = make_frame(kBroadcast, kMacA, 20, 90, 3);
  h.inject("t", {tagged});
  EXPECT_TRUE(SameFrames(h.collect("c20", 1),
                         std::vector<Bytes>{make_frame(kBroadcast, kMacA, {}, 86, 3)}));
  h.settle();
  EXPECT_TRUE(h.drain("a10").empty());
  EXPECT_TRUE(h.drain("b10").empty());
}

TEST_F(VlanTest, DisallowedTagsAreDroppedWithReason) {
  h.inject("t", {make_frame(kBroadcast, kMacA, 30)});    // 30 not in 10,20
  h.inject("a10", {make_frame(kBroadcast, kMacA, 10)});  // tagged frame on an access port
  h.settle();
  EXPECT_EQ(h.drops("t", "vlan_not_allowed"), 1u);
  EXPECT_EQ(h.drops("a10", "vlan_not_allowed"), 1u);
  EXPECT_TRUE(h.drain("b10").empty());
  EXPECT_TRUE(h.drain("c20").empty());
}

TEST_F(VlanTest, PriorityTaggedFrameIsTheAccessVlan) {
  Bytes priority = make_frame(kBroadcast, kMacA, 0, 70, 9);  // VID 0
  h.inject("a10", {priority});
  EXPECT_TRUE(SameFrames(h.collect("b10", 1),
                         std::vector<Bytes>{make_frame(kBroadcast, kMacA, {}, 66, 9)}));
}

TEST_F(VlanTest, NativeVlanIsUntaggedOnTheTrunk) {
  auto changed = h.sw().set_vlan(api::VlanSetParams{"t", trunk("20", 10)});
  ASSERT_TRUE(changed) << changed.error().message;
  Bytes frame = make_frame(kBroadcast, kMacA, {}, 64, 1);
  h.inject("a10", {frame});
  EXPECT_TRUE(SameFrames(h.collect("t", 1), std::vector<Bytes>{frame}))
      << "VLAN 10 is native: untagged";
  h.inject("t", {make_frame(kBroadcast, "02:00:00:00:00:0e", {}, 64, 2)});
  EXPECT_EQ(h.collect("b10", 1).size(), 1u) << "untagged on the trunk is VLAN 10";
  h.settle();
  EXPECT_TRUE(h.drain("c20").empty());
}

TEST_F(VlanTest, UntaggedOnTrunkWithoutNativeIsVlanZeroNotDropped) {
  // "native = 0: untagged domain": untagged frames on trunks without a native VLAN share
  // VLAN 0 with each other, and with no access port.
  h.add_port("u", "br0", trunk("10"));
  Bytes frame = make_frame(kBroadcast, "02:00:00:00:00:2e", {}, 64, 5);
  h.inject("t", {frame});
  EXPECT_TRUE(SameFrames(h.collect("u", 1), std::vector<Bytes>{frame})) << "VLAN 0, untagged";
  ASSERT_TRUE(h.wait_learned("br0", "02:00:00:00:00:2e", 0));
  h.settle();
  EXPECT_EQ(h.drops("t", "vlan_not_allowed"), 0u);
  EXPECT_TRUE(h.drain("a10").empty());
  EXPECT_TRUE(h.drain("c20").empty());
  // The documented reasons say so too.
  const auto& reason = api::drop_reason_info(api::DropReason::kVlanNotAllowed);
  EXPECT_NE(reason.help.find("VLAN 0"), std::string_view::npos) << reason.help;
}

TEST_F(VlanTest, UnicastAcrossTrunkKeepsTheVlan) {
  h.inject("t", {make_frame(kBroadcast, "02:00:00:00:00:1e", 10)});
  ASSERT_TRUE(h.wait_learned("br0", "02:00:00:00:00:1e", 10));
  h.settle();
  h.drain("a10");
  h.drain("b10");
  Bytes to_trunk = make_frame("02:00:00:00:00:1e", kMacA, {}, 100, 4);
  h.inject("a10", {to_trunk});
  EXPECT_TRUE(SameFrames(h.collect("t", 1),
                         std::vector<Bytes>{make_frame("02:00:00:00:00:1e", kMacA, 10, 104, 4)}));
  h.settle();
  EXPECT_TRUE(h.drain("b10").empty());
}

TEST_F(VlanTest, SameMacInTwoVlansIsTwoEntries) {
  h.inject("t", {make_frame(kBroadcast, kMacA, 10), make_frame(kBroadcast, kMacA, 20)});
  ASSERT_TRUE(h.wait_learned("br0", kMacA, 10));
  ASSERT_TRUE(h.wait_learned("br0", kMacA, 20));
  EXPECT_EQ(h.sw().list_macs({})->total, 2u);
}

TEST_F(VlanTest, InvalidVlanConfigIsRefusedAndChangesNothing) {
  auto before = h.sw().list_ports();
  auto bad_tag = h.sw().set_vlan(api::VlanSetParams{"a10", access(5000)});
  ASSERT_FALSE(bad_tag);
  EXPECT_EQ(bad_tag.error().message,
            "port a10: vlan.tag 5000 is out of range [1, 4094] (an access port needs its VLAN)");
  auto bad_trunk = h.sw().set_vlan(api::VlanSetParams{"t", trunk("10-x")});
  ASSERT_FALSE(bad_trunk);
  EXPECT_NE(bad_trunk.error().message.find("port t: vlan.trunks"), std::string::npos);
  auto bad_mode = h.sw().set_vlan(api::VlanSetParams{"t", api::VlanConfig{"hybrid", 0, "", 0}});
  ASSERT_FALSE(bad_mode);
  EXPECT_EQ(bad_mode.error().message, "port t: vlan.mode 'hybrid' is not access or trunk");
  EXPECT_EQ(api::to_wire(h.sw().list_ports()), api::to_wire(before));
}

}  // namespace
}  // namespace nfv::test
