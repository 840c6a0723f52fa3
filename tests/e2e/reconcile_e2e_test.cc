// Reconcile and apply against a real nfv-switch: a desired state applied over the control
// socket reads back as itself (no steps left), and a change that fails half-way is rolled
// back until port.list, bridge.list and the static MACs are what they were before.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "nfv/reconcile/apply.h"
#include "nfv/reconcile/diff_view.h"
#include "nfv/reconcile/reconcile.h"
#include "nfv/reconcile/switch_executor.h"
#include "nfv/reconcile/switch_reader.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_process.h"
#include "states.h"

namespace nfv::reconcile::testing {
namespace {

using nfv::testing::SwitchProcess;
using nfv::testing::TestDir;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

PortState null_port(const std::string& name, const std::string& devargs,
                    const std::string& bridge_name) {
  PortState port;
  port.spec.name = name;
  port.spec.type = "dpdk";
  port.spec.devargs = devargs;
  port.spec.bridge = bridge_name;
  return port;
}

// Two bridges with vhost-user server ports (no guests needed), a dpdk port, a cross-connected
// pair and a static MAC.
SwitchState first_state() {
  SwitchState s;
  add(s, bridge("br0"));
  api::BridgeAddParams br1 = bridge("br1");
  br1.mac_table_size = 1024;
  br1.mac_limit = 100;
  add(s, br1);
  PortState vm1 = vhost_port("vm1", "br0");
  vm1.spec.vlan = access(10);
  add(s, vm1);
  add(s, vhost_port("vm2", "br0"));
  PortState vm3 = vhost_port("vm3", "br1");
  vm3.admin = "down";
  vm3.spec.rates = api::RateConfig{10000, 0, 100, 0, 0};
  vm3.spec.mac_limit = 8;
  add(s, vm3);
  add(s, null_port("null0", "net_null0", "br1"));
  PortState x1 = vhost_port("x1");
  x1.spec.xconnect = "x2";
  add(s, x1);
  PortState x2 = vhost_port("x2");
  x2.spec.xconnect = "x1";
  add(s, x2);
  add_mac(s, "br0", "02:00:00:00:10:01", 10, "vm1");
  add_mac(s, "br1", "02:00:00:00:11:01", 0, "null0");
  return s;
}

// A change of every kind, with a port the switch refuses (its vdev does not take the
// argument) in the middle: the MAC steps after it never run.
SwitchState failing_change() {
  SwitchState s = first_state();
  s.ports.at("vm1").spec.vlan = access(20);
  s.macs.erase(MacKey{"br0", "02:00:00:00:10:01", 10});
  add_mac(s, "br0", "02:00:00:00:10:01", 20, "vm1");
  s.ports.erase("vm2");
  s.bridges.at("br1").mac_table_size = 2048;
  add(s, bridge("br2"));
  add(s, vhost_port("vm4", "br2"));
  add(s, null_port("vm5-bad", "net_null9,no_such_argument=1", "br2"));
  s.ports.at("x1").spec.xconnect = "";
  s.ports.at("x2").spec.xconnect = "";
  s.ports.at("x2").spec.bridge = "br2";
  add_mac(s, "br2", "02:00:00:00:12:01", 0, "vm4");
  return s;
}

// port.list, bridge.list and the static MACs, in name order and without what a port re-added
// on rollback may legitimately not keep (its slot index, counters of guest connections).
std::string switch_listing(api::SwitchClient& client) {
  auto ports = client.call(api::kPortList);
  auto bridges = client.call(api::kBridgeList);
  auto macs = client.call(api::kMacList);
  if (!ports || !bridges || !macs) return "cannot read the switch";
  api::json out = {{"ports", api::json::object()}, {"bridges", api::json::object()}};
  for (const auto& port : ports->ports) {
    api::json wire = api::to_wire(port);
    wire.erase("index");
    out["ports"][port.name] = wire;
  }
  for (auto bridge_info : bridges->bridges) {
    std::sort(bridge_info.ports.begin(), bridge_info.ports.end());
    out["bridges"][bridge_info.name] = api::to_wire(bridge_info);
  }
  api::json statics = api::json::array();
  for (const auto& entry : macs->entries) {
    if (entry.is_static) statics.push_back(mac_name({entry.bridge, entry.mac, entry.vlan}));
  }
  out["static_macs"] = statics;
  return out.dump(1);
}

Result<ApplyReport> converge(api::SwitchClient& client, const SwitchState& desired,
                             const Ownership& owned, std::vector<std::string>* progress) {
  auto observed = read_switch_state(client);
  if (!observed) return std::move(observed).error();
  Plan plan = reconcile(desired, *observed, owned);
  SwitchExecutor executor(client);
  return apply_steps(plan.steps, executor, [progress](const StepEvent& event) {
    if (progress != nullptr) progress->push_back(progress_line(event));
  });
}

TEST(ReconcileE2e, AnAppliedStateReadsBackAsItselfWithNoStepsLeft) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
  std::vector<std::string> progress;
  NFV_ASSERT_OK_AND_ASSIGN(ApplyReport report, converge(sw.client(), first_state(), {}, &progress));
  NFV_ASSERT_OK(report.status());
  EXPECT_EQ(progress.size(), 10u) << ::testing::PrintToString(progress);  // 2 + 6 + 2 creates
  NFV_ASSERT_OK_AND_ASSIGN(SwitchState observed, read_switch_state(sw.client()));
  Plan again = reconcile(first_state(), observed, own_all(first_state()));
  EXPECT_THAT(again.steps, IsEmpty()) << render_text(again);
  EXPECT_THAT(again.foreign, IsEmpty());
  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo vm3, sw.port_info("vm3"));
  EXPECT_EQ(vm3.admin, "down");
  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo x2, sw.port_info("x2"));
  EXPECT_EQ(x2.xconnect, "x1");
}

TEST(ReconcileE2e, AChangeThatFailsHalfWayLeavesTheSwitchAsItWas) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
  NFV_ASSERT_OK_AND_ASSIGN(ApplyReport first, converge(sw.client(), first_state(), {}, nullptr));
  NFV_ASSERT_OK(first.status());
  std::string before = switch_listing(sw.client());

  NFV_ASSERT_OK_AND_ASSIGN(SwitchState observed, read_switch_state(sw.client()));
  Plan plan = reconcile(failing_change(), observed, own_all(first_state()));
  std::vector<std::string> kinds;
  for (const auto& step : plan.steps) kinds.push_back(std::string(action_name(step.action)));
  EXPECT_THAT(kinds, ::testing::Contains("delete"));
  EXPECT_THAT(kinds, ::testing::Contains("change"));
  EXPECT_THAT(kinds, ::testing::Contains("create"));
  SwitchExecutor executor(sw.client());
  std::vector<std::string> progress;
  ApplyReport report = apply_steps(plan.steps, executor, [&](const StepEvent& event) {
    progress.push_back(progress_line(event));
  });
  ASSERT_FALSE(report.ok()) << render_text(plan);
  EXPECT_EQ(report.failure->step, "port vm5-bad (create)");
  EXPECT_GT(report.failure->index, 5u);
  EXPECT_LT(report.failure->index + 1, plan.steps.size());  // steps after it never ran
  EXPECT_TRUE(report.failure->rollback_complete) << report.status().error().message;
  EXPECT_THAT(report.status().error().message, HasSubstr("port vm5-bad (create) failed: "));
  EXPECT_EQ(progress.size(), 2 * report.failure->index + 1);

  EXPECT_EQ(switch_listing(sw.client()), before) << ::testing::PrintToString(progress);
  NFV_ASSERT_OK_AND_ASSIGN(SwitchState after, read_switch_state(sw.client()));
  Plan again = reconcile(first_state(), after, own_all(first_state()));
  EXPECT_THAT(again.steps, IsEmpty()) << render_text(again);
}

TEST(ReconcileE2e, AStepThatFailsPartWayTakesBackItsOwnFirstCalls) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
  // bridge.add succeeds, then attaching a port that does not exist fails.
  Step step{Action::kCreate, ObjectKind::kBridge, "br9", BridgeSpec{bridge("br9"), {"ghost"}}, {},
            "in the config"};
  SwitchExecutor executor(sw.client());
  Status ran = executor.run(step);
  ASSERT_FALSE(ran);
  EXPECT_THAT(ran.error().message, HasSubstr("bridge br9 (create): port.set: "));
  EXPECT_THAT(ran.error().message, HasSubstr("ghost"));
  auto bridges = sw.client().call(api::kBridgeList);
  ASSERT_TRUE(bridges) << bridges.error().message;
  EXPECT_THAT(bridges->bridges, IsEmpty());
}

}  // namespace
}  // namespace nfv::reconcile::testing
