// Drift, pure: the plan of re-applying the desired state, read object by object as what changed
// behind nfvd's back and what an apply does about it; the log lines of a new check.
#include "nfv/nfvd/drift.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/nfvd/guest_run_state.h"
#include "nfv/nfvd/options.h"
#include "nfv/reconcile/guest_reconcile.h"
#include "nfv/reconcile/sriov_reconcile.h"
#include "states.h"

namespace nfv::nfvd {
namespace {

using reconcile::SwitchState;
using reconcile::testing::access;
using reconcile::testing::add;
using reconcile::testing::add_mac;
using reconcile::testing::bridge;
using reconcile::testing::own_all;
using reconcile::testing::ring_port;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* kPf = "0000:3b:00.0";

// Bridge br0 with ports a (access VLAN 100, a static MAC) and b: the desired state.
SwitchState desired_state() {
  SwitchState state;
  add(state, bridge("br0"));
  reconcile::PortState a = ring_port("a", "br0");
  a.spec.vlan = access(100);
  add(state, a);
  add(state, ring_port("b", "br0"));
  add_mac(state, "br0", "52:54:00:00:00:0a", 100, "a");
  return state;
}

std::vector<std::string> lines(const std::vector<api::NfvdDriftItem>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(drift_line(item));
  return out;
}

std::vector<std::string> switch_drift(const SwitchState& observed) {
  SwitchState desired = desired_state();
  return lines(drift_items(reconcile::reconcile(desired, observed, own_all(desired))));
}

TEST(Drift, AHostAsDesiredHasNone) {
  SwitchState desired = desired_state();
  api::NfvdDrift drift =
      drift_of(reconcile::reconcile(desired, desired, own_all(desired)), "2026-12-07T18:00:00Z");
  EXPECT_TRUE(drift.in_sync);
  EXPECT_THAT(drift.items, IsEmpty());
  EXPECT_EQ(drift.checked_at, "2026-12-07T18:00:00Z");
}

TEST(Drift, APortRemovedBehindNfvdsBackIsCreatedAgainWithItsMac) {
  SwitchState observed = desired_state();
  observed.ports.erase("a");
  observed.macs.clear();  // the switch flushes a deleted port's entries
  EXPECT_THAT(switch_drift(observed),
              ElementsAre("port a: removed behind nfvd's back (apply creates it)",
                          "mac br0 52:54:00:00:00:0a vlan 100: removed behind nfvd's back "
                          "(apply creates it)"));
}

TEST(Drift, AChangedVlanIsSaidAsHostAgainstDesired) {
  SwitchState observed = desired_state();
  observed.ports["a"].spec.vlan = access(200);
  EXPECT_THAT(switch_drift(observed),
              ElementsAre("port a: vlan access 200 on the host, access 100 desired "
                          "(apply changes it)"));
}

TEST(Drift, AFieldThatForcesAReplaceNamesItAndNotTheMacsItTakesAlong) {
  SwitchState observed = desired_state();
  observed.ports["a"].spec.queues = 2;
  EXPECT_THAT(switch_drift(observed),
              ElementsAre("port a: queues 2 on the host, 1 desired (apply replaces it)"));
}

TEST(Drift, ARemovedBridgeAndAMovedMacAreEachAnItem) {
  SwitchState observed = desired_state();
  observed.bridges.clear();
  for (auto& [name, port] : observed.ports) port.spec.bridge.clear();
  observed.macs.clear();
  std::vector<std::string> found = switch_drift(observed);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0], "bridge br0: removed behind nfvd's back (apply creates it)");
  SwitchState moved = desired_state();
  moved.macs.begin()->second = "b";
  EXPECT_THAT(switch_drift(moved),
              ElementsAre("mac br0 52:54:00:00:00:0a vlan 100: port b on the host, a desired "
                          "(apply changes it)"));
}

TEST(Drift, ForeignObjectsAreListedAndAreNoDrift) {
  SwitchState desired = desired_state();
  SwitchState observed = desired_state();
  add(observed, ring_port("lab0"));
  api::NfvdDrift drift = drift_of(reconcile::reconcile(desired, observed, own_all(desired)), "t");
  EXPECT_TRUE(drift.in_sync);
  ASSERT_EQ(drift.foreign.size(), 1u);
  EXPECT_EQ(drift.foreign[0].kind, "port");
  EXPECT_EQ(drift.foreign[0].object, "lab0");
}

TEST(Drift, AVfSettingChangedOnTheHostIsNamedByField) {
  reconcile::SriovState desired;
  desired[kPf].vfs = 2;
  desired[kPf].vf[0].vlan = 100;
  reconcile::SriovState observed;
  observed[kPf].vfs = 2;
  observed[kPf].vf[0] = {"52:54:00:00:00:01", 200, 0, true, false, 0, "iavf", {}, {}};
  observed[kPf].vf[1] = {"52:54:00:00:00:02", 0, 0, true, false, 0, "iavf", {}, {}};
  reconcile::Plan plan{reconcile::reconcile_sriov(desired, observed, {kPf}), {}};
  EXPECT_THAT(lines(drift_items(plan)),
              ElementsAre("vf 0000:3b:00.0/vf0: vlan 200 on the host, 100 desired "
                          "(apply changes it)"));
}

TEST(Drift, VfsRemovedFromAPfAreOneItemForTheCount) {
  reconcile::SriovState desired;
  desired[kPf].vfs = 2;
  desired[kPf].vf[1].driver = "vfio-pci";
  reconcile::SriovState observed;
  observed[kPf].vfs = 0;
  reconcile::Plan plan{reconcile::reconcile_sriov(desired, observed, {kPf}), {}};
  EXPECT_THAT(lines(drift_items(plan)),
              ElementsAre("vfs 0000:3b:00.0: no VFs on the host, 2 desired (apply creates it)"));
  observed[kPf].vfs = 4;
  plan.steps = reconcile::reconcile_sriov(desired, observed, {kPf});
  EXPECT_THAT(lines(drift_items(plan)),
              ElementsAre("vfs 0000:3b:00.0: 4 VFs on the host, 2 desired (apply changes it)"));
}

TEST(Drift, AGuestRemovedOrChangedBehindNfvdsBack) {
  reconcile::GuestStates desired;
  desired["vm1"].name = "vm1";
  desired["vm1"].vcpus = 2;
  desired["vm1"].memory_mb = 1024;
  desired["vm2"] = desired["vm1"];
  desired["vm2"].name = "vm2";
  reconcile::GuestStates observed;
  observed["vm2"] = desired["vm2"];
  observed["vm2"].vcpus = 4;
  observed["lab"].name = "lab";
  reconcile::Plan plan = reconcile::reconcile_guests(desired, observed, {"vm1", "vm2"});
  api::NfvdDrift drift = drift_of(plan, "t");
  EXPECT_THAT(lines(drift.items),
              ElementsAre("guest vm1: removed behind nfvd's back (apply creates it)",
                          "guest vm2: vcpus 4 on the host, 2 desired (apply changes it)"));
  ASSERT_EQ(drift.foreign.size(), 1u);
  EXPECT_EQ(drift.foreign[0].object, "lab");
}

TEST(Drift, AGuestShutOffBehindNfvdsBackIsStartedByApply) {
  reconcile::GuestStates desired;
  for (const char* name : {"vm1", "vm2", "vm3", "vm4"}) {
    desired[name].name = name;
    desired[name].vcpus = 1;
  }
  reconcile::GuestStates observed = desired;
  observed.erase("vm4");  // not defined: created, whatever its last run state
  observed["vm3"].vcpus = 2;
  std::map<std::string, guests::GuestRuntime> runtimes{{"vm1", {"shut off", "destroyed", 0}},
                                                       {"vm2", {"running", "booted", 0}},
                                                       {"vm3", {"crashed", "", 0}},
                                                       {"vm4", {"shut off", "", 0}}};
  reconcile::Plan plan = reconcile::reconcile_guests(desired, observed, {"vm1", "vm2", "vm3"});
  add_guest_restarts(plan.steps, desired, observed, runtimes);
  EXPECT_THAT(lines(drift_items(plan)),
              ElementsAre("guest vm1: run state shut off on the host, running desired "
                          "(apply starts it)",
                          "guest vm3: vcpus 2 on the host, 1 desired (apply changes it)",
                          "guest vm4: removed behind nfvd's back (apply creates it)"));
  const reconcile::Step& restart = plan.steps.back();
  EXPECT_EQ(restart.name, "vm1");
  EXPECT_EQ(restart.action, reconcile::Action::kChange);
  EXPECT_EQ(std::get<reconcile::GuestState>(restart.target), desired["vm1"]);
}

TEST(Drift, TheLogSaysEachNewItemOnceAndTheReturnToSync) {
  api::NfvdDrift none;
  api::NfvdDrift one;
  one.items.push_back({"port", "a", "removed behind nfvd's back", "apply creates it"});
  EXPECT_THAT(drift_transitions(none, one, "/etc/nfv/host.yaml"),
              ElementsAre("drift: port a: removed behind nfvd's back; nfvctl apply "
                          "/etc/nfv/host.yaml repairs it (apply creates it)"));
  EXPECT_THAT(drift_transitions(one, one, "/etc/nfv/host.yaml"), IsEmpty());
  api::NfvdDrift synced;
  synced.in_sync = true;
  EXPECT_THAT(drift_transitions(one, synced, "/etc/nfv/host.yaml"),
              ElementsAre("drift: the host is in sync again"));
  EXPECT_THAT(drift_transitions(synced, synced, "/etc/nfv/host.yaml"), IsEmpty());
  api::NfvdDrift unreadable = drift_unreadable("nfv-switch does not answer", "t");
  EXPECT_FALSE(unreadable.in_sync);
  EXPECT_THAT(drift_transitions(synced, unreadable, ""),
              ElementsAre("drift: cannot read the host: nfv-switch does not answer"));
  EXPECT_THAT(drift_transitions(unreadable, unreadable, ""), IsEmpty());
}

TEST(DriftOptions, TheIntervalIsFiveSecondsByDefaultTakesFractionsAndZeroTurnsItOff) {
  const char* plain[] = {"nfvd"};
  auto defaults = parse_nfvd_options(1, plain);
  ASSERT_TRUE(defaults) << defaults.error().message;
  EXPECT_EQ(defaults->options.drift_interval_s, 5.0);
  const char* fast[] = {"nfvd", "--drift-interval", "0.2"};
  auto fraction = parse_nfvd_options(3, fast);
  ASSERT_TRUE(fraction) << fraction.error().message;
  EXPECT_EQ(fraction->options.drift_interval_s, 0.2);
  const char* off[] = {"nfvd", "--drift-interval", "0"};
  auto none = parse_nfvd_options(3, off);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(none->options.drift_interval_s, 0.0);
  for (const char* bad : {"-1", "0.001", "7200"}) {
    const char* args[] = {"nfvd", "--drift-interval", bad};
    auto refused = parse_nfvd_options(3, args);
    ASSERT_FALSE(refused) << bad;
    EXPECT_THAT(refused.error().message, ::testing::HasSubstr("--drift-interval"));
  }
}

}  // namespace
}  // namespace nfv::nfvd
