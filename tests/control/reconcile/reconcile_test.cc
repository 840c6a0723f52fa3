// Reconcile: which steps, in which order, for which reason; and that applying them reaches
// the desired state (checked on the switch model, then reconciled again: no steps).
#include "nfv/reconcile/reconcile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model_fixture.h"
#include "nfv/reconcile/diff_view.h"
#include "nfv/testing/result_assertions.h"
#include "scenario.h"
#include "states.h"

namespace nfv::reconcile::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

SwitchState two_bridges() {
  SwitchState s;
  add(s, bridge("br1"));
  add(s, bridge("br0"));
  add(s, vhost_port("vm2", "br0"));
  add(s, vhost_port("vm1", "br1"));
  PortState left = ring_port("x-left");
  left.spec.xconnect = "x-right";
  add(s, left);
  PortState right = ring_port("x-right");
  right.spec.xconnect = "x-left";
  add(s, right);
  add_mac(s, "br0", "02:AA:00:00:00:01", 0, "vm2");
  return s;
}

TEST(Reconcile, CreatesEverythingFromAnEmptySwitchBridgesFirstMacsLast) {
  Plan plan = reconcile(two_bridges(), {}, {});
  EXPECT_THAT(summary(plan),
              ElementsAre("create bridge br0", "create bridge br1", "create port vm1",
                          "create port vm2", "create port x-left", "create port x-right",
                          "create mac br0 02:aa:00:00:00:01 vlan 0"));
  for (const auto& step : plan.steps) EXPECT_EQ(step.reason, "in the config");
  // x-right does not exist when x-left is added: x-right pairs them when it is added.
  EXPECT_EQ(std::get<PortState>(plan.steps[4].target).spec.xconnect, "");
  EXPECT_EQ(std::get<PortState>(plan.steps[5].target).spec.xconnect, "x-left");
  EXPECT_THAT(plan.foreign, IsEmpty());
}

TEST(Reconcile, AppliedPlanReconcilesToNoSteps) {
  SwitchModel model;
  NFV_ASSERT_OK(converge(model, two_bridges(), {}));
  EXPECT_EQ(model.state().ports.at("x-left").spec.xconnect, "x-right");
  EXPECT_EQ(model.state().ports.at("x-right").spec.xconnect, "x-left");
  Plan again = reconcile(two_bridges(), model.state(), own_all(two_bridges()));
  EXPECT_THAT(summary(again), IsEmpty()) << render_text(again);
}

TEST(Reconcile, EqualStatesGiveNoSteps) {
  for (const SwitchState& state : {two_bridges(), scenario_before(), scenario_after()}) {
    Plan plan = reconcile(state, state, own_all(state));
    EXPECT_THAT(summary(plan), IsEmpty()) << render_text(plan);
  }
}

TEST(Reconcile, FieldsLeftToTheSwitchOrAtTheirDefaultsAreNotChanges) {
  SwitchState desired;
  add(desired, bridge("br0"));
  add(desired, vhost_port("vm1", "br0"));
  SwitchState observed;
  api::BridgeAddParams chosen = bridge("br0");
  chosen.mac_table_size = 4096;  // the switch's --mac-table-size
  chosen.ageing_s = 300;
  chosen.mac_limit = 0;
  add(observed, chosen);
  PortState explicit_defaults = vhost_port("vm1", "br0");
  explicit_defaults.spec.path = "/run/nfv/vm1.sock";
  explicit_defaults.spec.mode = "server";
  explicit_defaults.spec.queues = 1;
  explicit_defaults.spec.mtu = 9000;
  explicit_defaults.spec.tx_retries = 8;
  explicit_defaults.spec.vlan = api::VlanConfig{};
  explicit_defaults.spec.rates = api::RateConfig{};
  explicit_defaults.spec.security = api::PortSecurityConfig{};
  add(observed, explicit_defaults);
  EXPECT_THAT(summary(reconcile(desired, observed, {})), IsEmpty());
}

TEST(Reconcile, ValuesWrittenDifferentlyFromTheSwitchAreCompared) {
  SwitchState desired;
  PortState trunk = vhost_port("vm1");
  trunk.spec.vlan = api::VlanConfig{"trunk", 0, "7,1-3,2", 0, false};
  trunk.spec.security = api::PortSecurityConfig{true, {"02:AB:CD:00:00:01"}, {}, false};
  add(desired, trunk);
  add_mac(desired, "br0", "02:AB:00:00:00:01", 0, "vm1");
  SwitchState observed;
  PortState canonical = vhost_port("vm1");
  canonical.spec.vlan = api::VlanConfig{"trunk", 0, "1-3,7", 0, false};
  canonical.spec.security = api::PortSecurityConfig{true, {"02:ab:cd:00:00:01"}, {}, false};
  add(observed, canonical);
  add_mac(observed, "br0", "02:ab:00:00:00:01", 0, "vm1");
  EXPECT_THAT(summary(reconcile(desired, observed, {})), IsEmpty());
  desired.ports.at("vm1").spec.vlan->trunks = "1-3";
  // A VLAN change flushes the port's MACs: its static entry is deleted first, added back last.
  EXPECT_THAT(summary(reconcile(desired, observed, {})),
              ElementsAre("delete mac br0 02:ab:00:00:00:01 vlan 0", "change port vm1",
                          "create mac br0 02:ab:00:00:00:01 vlan 0"));
}

TEST(Reconcile, DeletesOnlyWhatNfvdOwnsAndReportsTheRestAsForeign) {
  SwitchState observed;
  add(observed, bridge("br-old"));
  add(observed, bridge("lab"));
  add(observed, vhost_port("old", "br-old"));
  add(observed, vhost_port("guest", "lab"));
  add_mac(observed, "lab", "02:00:00:00:00:09", 0, "guest");
  Ownership owned;
  owned.bridges = {"br-old"};
  owned.ports = {"old"};
  Plan plan = reconcile({}, observed, owned);
  EXPECT_THAT(summary(plan), ElementsAre("delete port old", "delete bridge br-old"));
  for (const auto& step : plan.steps) EXPECT_EQ(step.reason, "not in the config");
  ASSERT_EQ(plan.foreign.size(), 3u);
  EXPECT_EQ(plan.foreign[0].kind, ObjectKind::kBridge);
  EXPECT_EQ(plan.foreign[0].name, "lab");
  EXPECT_EQ(plan.foreign[1].kind, ObjectKind::kPort);
  EXPECT_EQ(plan.foreign[1].name, "guest");
  EXPECT_EQ(plan.foreign[2].name, "lab 02:00:00:00:00:09 vlan 0");
}

TEST(Reconcile, AForeignMacOnADeletedPortIsDeletedExplicitlySoRollbackRestoresIt) {
  SwitchState observed;
  add(observed, bridge("br0"));
  add(observed, vhost_port("old", "br0"));
  add_mac(observed, "br0", "02:00:00:00:00:09", 0, "old");
  SwitchState desired;
  add(desired, bridge("br0"));
  Ownership owned;
  owned.ports = {"old"};
  Plan plan = reconcile(desired, observed, owned);
  EXPECT_THAT(summary(plan),
              ElementsAre("delete mac br0 02:00:00:00:00:09 vlan 0", "delete port old"));
  EXPECT_EQ(plan.steps[0].reason,
            "port old is deleted (not nfvd's entry; the switch removes it anyway)");
  EXPECT_THAT(plan.foreign, IsEmpty());
}

TEST(Reconcile, DeletedPortsAndBridgesRecordWhatUndoPutsBack) {
  SwitchModel model;
  NFV_ASSERT_OK(converge(model, two_bridges(), {}));
  Plan plan = reconcile({}, model.state(), own_all(two_bridges()));
  for (const auto& step : plan.steps) {
    ASSERT_EQ(step.action, Action::kDelete) << step_line(step);
    EXPECT_FALSE(std::holds_alternative<std::monostate>(step.restore)) << step_line(step);
  }
  const Step& vm1 = plan.steps[1];
  ASSERT_EQ(vm1.name, "vm1");
  EXPECT_EQ(std::get<PortState>(vm1.restore).spec.path, "/run/nfv/vm1.sock");
  EXPECT_EQ(std::get<PortState>(vm1.restore).spec.bridge, "br1");
}

struct FieldCase {
  const char* field;
  void (*edit)(PortState&);
};

class SettablePortField : public ::testing::TestWithParam<FieldCase> {};

TEST_P(SettablePortField, ChangesThePortInPlace) {
  SwitchState desired = two_bridges();
  SwitchModel model;
  NFV_ASSERT_OK(converge(model, desired, {}));
  GetParam().edit(desired.ports.at("vm1"));
  Plan plan = reconcile(desired, model.state(), own_all(desired));
  ASSERT_THAT(summary(plan), ElementsAre("change port vm1")) << render_text(plan);
  EXPECT_THAT(plan.steps[0].reason, ::testing::StartsWith(GetParam().field));
  NFV_ASSERT_OK(converge(model, desired, own_all(desired)));
  Plan again = reconcile(desired, model.state(), own_all(desired));
  EXPECT_THAT(summary(again), IsEmpty()) << render_text(again);
}

INSTANTIATE_TEST_SUITE_P(
    Reconcile, SettablePortField,
    ::testing::Values(
        FieldCase{"admin", [](PortState& p) { p.admin = "down"; }},
        FieldCase{"bridge", [](PortState& p) { p.spec.bridge = "br0"; }},
        FieldCase{"vlan", [](PortState& p) { p.spec.vlan = access(20); }},
        FieldCase{"tx_retries", [](PortState& p) { p.spec.tx_retries = 64; }},
        FieldCase{"rates",
                  [](PortState& p) {
                    p.spec.rates = api::RateConfig{1000, 0, 50, 0, 0};
                  }},
        FieldCase{"mac_limit", [](PortState& p) { p.spec.mac_limit = 16; }},
        FieldCase{"mac_lock", [](PortState& p) { p.spec.mac_lock = true; }},
        FieldCase{
            "security",
            [](PortState& p) {
              p.spec.security = api::PortSecurityConfig{true, {"02:AA:00:00:00:01"}, {}, false};
            }}),
    [](const auto& param_info) { return std::string(param_info.param.field); });

class FixedPortField : public ::testing::TestWithParam<FieldCase> {};

TEST_P(FixedPortField, ReplacesThePortAndSaysWhichFieldForcesIt) {
  SwitchState desired = two_bridges();
  SwitchModel model;
  NFV_ASSERT_OK(converge(model, desired, {}));
  GetParam().edit(desired.ports.at("x-left"));
  Plan plan = reconcile(desired, model.state(), own_all(desired));
  ASSERT_THAT(summary(plan), ElementsAre("delete port x-left", "create port x-left"))
      << render_text(plan);
  for (const auto& step : plan.steps) {
    EXPECT_THAT(step.reason, ::testing::StartsWith(GetParam().field));
    EXPECT_THAT(step.reason, HasSubstr("cannot change in place: replaced"));
  }
  NFV_ASSERT_OK(converge(model, desired, own_all(desired)));
  EXPECT_EQ(model.state().ports.at("x-right").spec.xconnect, "x-left");  // paired again
  Plan again = reconcile(desired, model.state(), own_all(desired));
  EXPECT_THAT(summary(again), IsEmpty()) << render_text(again);
}

INSTANTIATE_TEST_SUITE_P(
    Reconcile, FixedPortField,
    ::testing::Values(FieldCase{"type",
                                [](PortState& p) {
                                  std::string peer = p.spec.xconnect;
                                  p.spec = vhost_port(p.spec.name).spec;
                                  p.spec.xconnect = peer;
                                }},
                      FieldCase{"devargs", [](PortState& p) { p.spec.devargs = "net_ring_z"; }},
                      FieldCase{"queues", [](PortState& p) { p.spec.queues = 2; }},
                      FieldCase{"mtu", [](PortState& p) { p.spec.mtu = 9000; }}),
    [](const auto& param_info) { return std::string(param_info.param.field); });

TEST(Reconcile, VhostSocketPathAndModeReplaceThePort) {
  SwitchState desired = two_bridges();
  SwitchModel model;
  NFV_ASSERT_OK(converge(model, desired, {}));
  desired.ports.at("vm1").spec.mode = "client";
  desired.ports.at("vm2").spec.path = "/run/nfv/guests/vm2.sock";
  Plan plan = reconcile(desired, model.state(), own_all(desired));
  EXPECT_THAT(
      summary(plan),
      ElementsAre("delete mac br0 02:aa:00:00:00:01 vlan 0", "delete port vm1", "delete port vm2",
                  "create port vm1", "create port vm2", "create mac br0 02:aa:00:00:00:01 vlan 0"));
  EXPECT_EQ(plan.steps[1].reason, "mode server -> client (cannot change in place: replaced)");
  EXPECT_EQ(plan.steps[2].reason,
            "path /run/nfv/vm2.sock -> /run/nfv/guests/vm2.sock (cannot change in place: "
            "replaced)");
  EXPECT_EQ(plan.steps[5].reason, "added back: port vm2 is replaced");
}

TEST(Reconcile, ABridgeSettingReplacesTheBridgeAndAttachesItsPortsAgain) {
  SwitchState desired = two_bridges();
  add(desired, vhost_port("vm3", "br0"));
  SwitchModel model;
  NFV_ASSERT_OK(converge(model, desired, {}));
  desired.bridges.at("br0").mac_table_size = 1024;
  Plan plan = reconcile(desired, model.state(), own_all(desired));
  ASSERT_THAT(summary(plan),
              ElementsAre("delete mac br0 02:aa:00:00:00:01 vlan 0", "delete bridge br0",
                          "create bridge br0", "create mac br0 02:aa:00:00:00:01 vlan 0"));
  EXPECT_EQ(plan.steps[1].reason,
            "mac_table_size 8192 -> 1024 (cannot change in place: replaced); detaches ports "
            "vm2, vm3, attached again");
  EXPECT_THAT(std::get<BridgeSpec>(plan.steps[2].target).members, ElementsAre("vm2", "vm3"));
  NFV_ASSERT_OK(converge(model, desired, own_all(desired)));
  EXPECT_EQ(model.state().bridges.at("br0").mac_table_size, 1024u);
  EXPECT_EQ(model.state().ports.at("vm3").spec.bridge, "br0");
  EXPECT_THAT(summary(reconcile(desired, model.state(), own_all(desired))), IsEmpty());
}

TEST(Reconcile, StepsFollowDependencyOrderAndNamesWithinEachGroup) {
  Plan plan = reconcile(scenario_after(), scenario_before(), own_all(scenario_before()));
  EXPECT_THAT(
      summary(plan),
      ElementsAre("delete mac br-keep 02:00:00:00:00:01 vlan 10",
                  "delete mac br-keep 02:00:00:00:00:02 vlan 0",
                  "delete mac br-keep 02:00:00:00:00:03 vlan 0",
                  "delete mac br-resize 02:00:00:00:00:04 vlan 0", "delete port e", "delete port h",
                  "delete bridge br-gone", "delete bridge br-resize", "create bridge br-new",
                  "create bridge br-resize", "change port a", "change port b", "change port f",
                  "change port g", "change mac br-keep 02:00:00:00:00:05 vlan 0", "create port e",
                  "create port n", "create mac br-keep 02:00:00:00:00:01 vlan 20",
                  "create mac br-keep 02:00:00:00:00:02 vlan 0",
                  "create mac br-resize 02:00:00:00:00:04 vlan 0"))
      << render_text(plan);
}

TEST(Reconcile, ReasonsSayWhatChangesAndWhy) {
  Plan plan = reconcile(scenario_after(), scenario_before(), own_all(scenario_before()));
  std::map<std::string, std::string> reasons;
  for (const auto& step : plan.steps) reasons[step_label(step)] = step.reason;
  EXPECT_EQ(reasons["port a (change)"], "vlan access 10 -> access 20");
  EXPECT_EQ(reasons["port b (change)"], "bridge br-gone -> br-new");
  EXPECT_EQ(reasons["port g (change)"], "bridge none -> br-new, xconnect f -> none");
  EXPECT_EQ(reasons["port h (delete)"], "not in the config");
  EXPECT_EQ(reasons["bridge br-gone (delete)"], "not in the config; detaches port b");
  EXPECT_EQ(reasons["mac br-keep 02:00:00:00:00:05 vlan 0 (change)"], "port d -> d2");
  EXPECT_EQ(reasons["mac br-keep 02:00:00:00:00:02 vlan 0 (delete)"],
            "port d -> e, a port still to be added");
  EXPECT_EQ(reasons["mac br-resize 02:00:00:00:00:04 vlan 0 (delete)"],
            "bridge br-resize is replaced; added back");
}

TEST(Reconcile, TheScenarioConvergesOnTheModel) {
  SwitchModel model;
  NFV_ASSERT_OK(converge(model, scenario_before(), {}));
  NFV_ASSERT_OK(converge(model, scenario_after(), own_all(scenario_before())));
  EXPECT_EQ(model.state().ports.at("f").spec.xconnect, "n");
  EXPECT_EQ(model.state().ports.at("n").spec.xconnect, "f");
  EXPECT_EQ(model.state().macs.size(), 4u);
  Plan again = reconcile(scenario_after(), model.state(), own_all(scenario_after()));
  EXPECT_THAT(summary(again), IsEmpty()) << render_text(again);
}

TEST(Reconcile, ThePlanDoesNotDependOnTheOrderTheSwitchListsObjectsIn) {
  api::PortList ports;
  api::BridgeList bridges;
  api::MacList macs;
  for (const char* name : {"p3", "p1", "p2"}) {
    api::PortInfo info;
    info.name = name;
    info.type = "vhost";
    info.path = std::string("/run/nfv/") + name + ".sock";
    info.mode = "server";
    info.rx_queues = 1;
    info.mtu = 9000;
    info.admin = "up";
    ports.ports.push_back(info);
  }
  for (const char* name : {"b2", "b1"}) bridges.bridges.push_back({name, {}, 8192, 300, 0, 0});
  SwitchState first = observe(ports, bridges, macs);
  std::reverse(ports.ports.begin(), ports.ports.end());
  std::reverse(bridges.bridges.begin(), bridges.bridges.end());
  SwitchState second = observe(ports, bridges, macs);
  Ownership owned = own_all(first);
  EXPECT_EQ(render_json(reconcile(two_bridges(), first, owned)).dump(),
            render_json(reconcile(two_bridges(), second, owned)).dump());
  EXPECT_EQ(render_json(reconcile(two_bridges(), first, owned)).dump(),
            render_json(reconcile(two_bridges(), first, owned)).dump());
}

TEST(Observe, BuildsTheStateFromTheSwitchRepliesWithStaticMacsOnly) {
  api::PortInfo info;
  info.name = "vm1";
  info.type = "vhost";
  info.admin = "down";
  info.path = "/run/nfv/vm1.sock";
  info.mode = "client";
  info.rx_queues = 2;
  info.tx_queues = 4;
  info.mtu = 1500;
  info.bridge = "br0";
  info.vlan = access(7);
  info.tx_retries = 3;
  info.mac_limit = 9;
  info.mac_lock = true;
  info.rates = api::RateConfig{100, 0, 0, 0, 0};
  api::MacList macs;
  macs.entries.push_back({"br0", 7, "02:AB:00:00:00:01", "vm1", true, 0});
  macs.entries.push_back({"br0", 7, "02:ab:00:00:00:02", "vm1", false, 12});
  SwitchState state = observe({{info}}, {{{"br0", {"vm1"}, 4096, 60, 1, 100}}}, macs);
  ASSERT_EQ(state.ports.count("vm1"), 1u);
  const PortState& port = state.ports.at("vm1");
  EXPECT_EQ(port.admin, "down");
  EXPECT_EQ(port.spec.mode, "client");
  EXPECT_EQ(port.spec.queues, 2u);
  EXPECT_EQ(port.spec.mtu, 1500u);
  EXPECT_EQ(port.spec.vlan->tag, 7u);
  EXPECT_EQ(port.spec.tx_retries, 3u);
  EXPECT_EQ(port.spec.mac_limit, 9u);
  EXPECT_EQ(port.spec.mac_lock, true);
  EXPECT_EQ(port.spec.rates->policer_pps, 100u);
  EXPECT_FALSE(port.spec.security.has_value());
  const api::BridgeAddParams& br0 = state.bridges.at("br0");
  EXPECT_EQ(br0.mac_table_size, 4096u);
  EXPECT_EQ(br0.ageing_s, 60u);
  EXPECT_EQ(br0.mac_limit, 100u);
  ASSERT_EQ(state.macs.size(), 1u);
  EXPECT_EQ(state.macs.begin()->first, (MacKey{"br0", "02:ab:00:00:00:01", 7}));
  EXPECT_EQ(state.macs.begin()->second, "vm1");
}

}  // namespace
}  // namespace nfv::reconcile::testing
