// The config mapped onto the switch's objects: the examples give the ports and bridges they
// describe, in the form the switch reports, so that a config brought onto a (model) switch
// reconciles to no steps, and a port removed from the config is the only thing deleted.
#include "nfv/nfvd/desired_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model_fixture.h"
#include "nfv/config/parse.h"
#include "nfv/nfvd/state_store.h"
#include "nfv/reconcile/diff_view.h"
#include "nfv/testing/result_assertions.h"

namespace nfv::nfvd {
namespace {

using reconcile::MacKey;
using reconcile::SwitchState;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string example(const std::string& name) {
  return std::string(NFV_CONFIG_EXAMPLES) + "/" + name;
}

Result<SwitchState> map_file(const std::string& name) {
  auto config = config::load_config_file(example(name));
  if (!config) return std::move(config).error();
  return desired_switch_state(*config);
}

Result<SwitchState> map_text(const std::string& yaml) {
  auto config = config::parse_config(yaml, "test.yaml");
  if (!config) return std::move(config).error();
  return desired_switch_state(*config);
}

TEST(DesiredState, DemoIsTwoClientVhostPortsInOneBridge) {
  NFV_ASSERT_OK_AND_ASSIGN(SwitchState state, map_file("demo.yaml"));
  ASSERT_EQ(state.bridges.size(), 1u);
  EXPECT_EQ(state.bridges.at("br0").name, "br0");
  EXPECT_FALSE(state.bridges.at("br0").mac_table_size.has_value()) << "the switch's default";
  ASSERT_EQ(state.ports.size(), 2u);
  for (const char* name : {"vm1", "vm2"}) {
    const api::PortAddParams& spec = state.ports.at(name).spec;
    EXPECT_EQ(spec.type, "vhost");
    EXPECT_EQ(spec.mode, "client");
    EXPECT_EQ(spec.path, std::string("/run/nfv/demo/") + name + ".sock");
    EXPECT_EQ(spec.bridge, "br0");
  }
  EXPECT_THAT(state.macs, IsEmpty());
}

TEST(DesiredState, VnfChainCarriesVlansSecurityRatesAndStaticMacs) {
  NFV_ASSERT_OK_AND_ASSIGN(SwitchState state, map_file("vnf-chain.yaml"));
  ASSERT_EQ(state.bridges.size(), 1u);
  EXPECT_EQ(state.bridges.at("chain").mac_table_size, 4096u);
  EXPECT_EQ(state.bridges.at("chain").mac_limit, 2048u);
  ASSERT_EQ(state.ports.size(), 6u);
  const api::PortAddParams& uplink = state.ports.at("uplink").spec;
  EXPECT_EQ(uplink.type, "dpdk");
  EXPECT_EQ(uplink.devargs, "0000:88:00.0");
  EXPECT_EQ(uplink.mtu, 9000u);
  ASSERT_TRUE(uplink.vlan.has_value());
  EXPECT_EQ(uplink.vlan->trunks, "100,300");
  const api::PortAddParams& rt_out = state.ports.at("rt-out").spec;
  EXPECT_EQ(rt_out.mode, "client");
  EXPECT_EQ(rt_out.path, "") << "no vhost_dir: the switch's default path";
  EXPECT_EQ(rt_out.bridge, "chain");
  EXPECT_EQ(rt_out.mac_lock, true);
  ASSERT_TRUE(rt_out.security.has_value());
  EXPECT_THAT(rt_out.security->ips, ElementsAre("203.0.113.1", "2001:db8::1"));
  EXPECT_EQ(state.ports.at("mon").spec.vlan->trunks, "100-300");
  EXPECT_EQ(state.ports.at("fw-out").spec.rates->policer_pps, 1000000u);
  EXPECT_EQ(state.macs.at(MacKey{"chain", "02:00:00:00:01:01", 100}), "fw-out");
  EXPECT_EQ(state.macs.at(MacKey{"chain", "02:00:00:00:03:01", 300}), "rt-out");
}

TEST(DesiredState, XconnectsPairBothPortsAndServerModeIsKept) {
  NFV_ASSERT_OK_AND_ASSIGN(SwitchState state, map_text(R"(
switch: {vhost_mode: server, vhost_dir: /run/nfv/x}
ports:
  - {name: a, vdev: net_null0}
  - {name: b, socket: /tmp/b.sock}
xconnects:
  - ports: [a, b]
)"));
  EXPECT_EQ(state.ports.at("a").spec.devargs, "net_null0");
  EXPECT_EQ(state.ports.at("a").spec.xconnect, "b");
  EXPECT_EQ(state.ports.at("b").spec.xconnect, "a");
  EXPECT_EQ(state.ports.at("b").spec.mode, "server");
  EXPECT_EQ(state.ports.at("b").spec.path, "/tmp/b.sock") << "an absolute socket stays";
}

TEST(DesiredState, ARelativeSocketWithoutAnyVhostDirIsAnErrorNamingIt) {
  auto state = map_text("switch: {pmd_cores: 1}\nports:\n  - {name: a, socket: other.sock}\n");
  ASSERT_FALSE(state);
  EXPECT_THAT(state.error().message, ::testing::HasSubstr("test.yaml:3:"));
  EXPECT_THAT(state.error().message, ::testing::HasSubstr("ports[0].socket"));
}

TEST(DesiredState, TheSwitchsVhostDirPlacesARelativeSocket) {
  NFV_ASSERT_OK_AND_ASSIGN(auto parsed,
                           config::parse_config("switch: {}\nports:\n  - {name: a, socket: "
                                                "other.sock}\n",
                                                "test.yaml"));
  NFV_ASSERT_OK_AND_ASSIGN(SwitchState state, desired_switch_state(parsed, {"/run/nfv/sw"}));
  EXPECT_EQ(state.ports.at("a").spec.path, "/run/nfv/sw/other.sock");
}

TEST(CanonicalForm, WritesSecurityAndTrunksAsTheSwitchReportsThem) {
  api::PortSecurityConfig security;
  security.enabled = true;
  security.macs = {"02:AA:BB:CC:DD:EE"};
  security.ips = {"2001:DB8:0::1/128", "192.0.2.0/24", "198.51.100.7/32", "fe80::/10"};
  api::PortSecurityConfig canonical = canonical_security(security);
  EXPECT_THAT(canonical.macs, ElementsAre("02:aa:bb:cc:dd:ee"));
  EXPECT_THAT(canonical.ips,
              ElementsAre("192.0.2.0/24", "198.51.100.7", "2001:db8::1", "fe80::/10"));
  api::VlanConfig vlan;
  vlan.trunks = "300,100-102,101";
  EXPECT_EQ(canonical_vlan(vlan).trunks, "100-102,300");
}

class ExampleConverges : public ::testing::TestWithParam<const char*> {};

TEST_P(ExampleConverges, ToNoStepsOnAModelSwitch) {
  NFV_ASSERT_OK_AND_ASSIGN(SwitchState desired, map_file(GetParam()));
  reconcile::testing::SwitchModel model;
  NFV_ASSERT_OK(reconcile::testing::converge(model, desired, {}));
  reconcile::Plan again = reconcile::reconcile(desired, model.state(), ownership_of(desired));
  EXPECT_THAT(again.steps, IsEmpty()) << reconcile::render_text(again);
  EXPECT_THAT(again.foreign, IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleConverges,
                         ::testing::Values("demo.yaml", "vnf-chain.yaml", "dev-vm.yaml",
                                           "pvp-benchmark.yaml", "telco-vnf-host.yaml"));

TEST(DesiredState, APortRemovedFromTheConfigIsTheOnlyStepAndForeignPortsStay) {
  NFV_ASSERT_OK_AND_ASSIGN(SwitchState before, map_file("vnf-chain.yaml"));
  reconcile::testing::SwitchModel model;
  NFV_ASSERT_OK(reconcile::testing::converge(model, before, {}));
  reconcile::SwitchState with_foreign = model.state();
  reconcile::PortState lab;
  lab.spec.name = "lab0";
  lab.spec.type = "dpdk";
  lab.spec.devargs = "net_null7";
  with_foreign.ports["lab0"] = reconcile::normalize(lab);
  SwitchState after = before;
  after.ports.erase("mon");
  reconcile::Plan plan = reconcile::reconcile(after, with_foreign, ownership_of(before));
  ASSERT_EQ(plan.steps.size(), 1u) << reconcile::render_text(plan);
  EXPECT_EQ(plan.steps[0].action, reconcile::Action::kDelete);
  EXPECT_EQ(plan.steps[0].name, "mon");
  ASSERT_EQ(plan.foreign.size(), 1u);
  EXPECT_EQ(plan.foreign[0].name, "lab0");
}

}  // namespace
}  // namespace nfv::nfvd
