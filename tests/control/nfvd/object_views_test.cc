// What `nfvctl ports` and `nfvctl bridges` show: every object the config wants or the switch
// has, nfvd's or foreign, and what an apply would do to it.
#include "nfv/nfvd/object_views.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "states.h"

namespace nfv::nfvd {
namespace {

using reconcile::SwitchState;
using reconcile::testing::add;
using reconcile::testing::bridge;
using reconcile::testing::ring_port;
using ::testing::HasSubstr;

// Bridge br0 with ports a and b: what the config wants and the switch has, before the tests
// make them differ.
SwitchState base_state() {
  SwitchState state;
  add(state, bridge("br0"));
  add(state, ring_port("a", "br0"));
  add(state, ring_port("b", "br0"));
  return state;
}

const api::NfvdObject& named(const std::vector<api::NfvdObject>& views, const std::string& name) {
  for (const auto& view : views) {
    if (view.name == name) return view;
  }
  throw std::runtime_error("no view of " + name);
}

TEST(ObjectViews, PortsAreNfvdsOrForeignWithWhatAnApplyWouldDo) {
  SwitchState desired = base_state();
  desired.ports["a"].admin = "down";
  add(desired, ring_port("new", "br0"));
  SwitchState observed = base_state();
  add(observed, ring_port("lab0"));
  add(observed, ring_port("old", "br0"));
  reconcile::Ownership owned{{"br0"}, {"a", "b", "old"}, {}, {}, {}};
  reconcile::Plan plan = reconcile::reconcile(desired, observed, owned);
  std::vector<api::NfvdObject> views = port_views({desired, observed, owned, plan});
  ASSERT_EQ(views.size(), 5u);
  EXPECT_EQ(named(views, "b").state, "in sync");
  EXPECT_EQ(named(views, "b").owner, "nfvd");
  EXPECT_EQ(named(views, "b").detail, "dpdk net_ring_b, bridge br0");
  EXPECT_THAT(named(views, "a").state, HasSubstr("change: "));
  EXPECT_EQ(named(views, "lab0").owner, "foreign");
  EXPECT_EQ(named(views, "lab0").state, "left as it is");
  EXPECT_TRUE(named(views, "lab0").observed);
  EXPECT_FALSE(named(views, "lab0").desired);
  EXPECT_EQ(named(views, "old").owner, "nfvd") << "owned, dropped from the config";
  EXPECT_THAT(named(views, "old").state, HasSubstr("delete: "));
  EXPECT_FALSE(named(views, "new").observed);
  EXPECT_THAT(named(views, "new").state, HasSubstr("create: "));
}

TEST(ObjectViews, BridgesListTheirPortsAndOwner) {
  SwitchState desired = base_state();
  SwitchState observed = base_state();
  add(observed, bridge("lab"));
  reconcile::Ownership owned{{"br0"}, {"a", "b"}, {}, {}, {}};
  reconcile::Plan plan = reconcile::reconcile(desired, observed, owned);
  std::vector<api::NfvdObject> views = bridge_views({desired, observed, owned, plan});
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(named(views, "br0").state, "in sync");
  EXPECT_EQ(named(views, "br0").detail, "ports a,b, 0 static MAC(s)");
  EXPECT_EQ(named(views, "lab").owner, "foreign");
}

TEST(ObjectViews, TheOwnedSetOnTheWire) {
  reconcile::Ownership owned{{"br0"}, {"a"}, {{"br0", "02:00:00:00:00:aa", 10}}, {}, {}};
  api::NfvdOwnership wire = ownership_wire(owned, "/etc/nfvd/host.yaml");
  EXPECT_EQ(wire.config_path, "/etc/nfvd/host.yaml");
  EXPECT_EQ(wire.ports, std::vector<std::string>{"a"});
  ASSERT_EQ(wire.macs.size(), 1u);
  EXPECT_EQ(wire.macs[0].vlan, 10u);
}

}  // namespace
}  // namespace nfv::nfvd
