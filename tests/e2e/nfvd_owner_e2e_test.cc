// nfvd as the one owner of its config's objects, against a real nfv-switch:
// - an apply that adds, changes and deletes objects on one bridge loses no frame between the
//   DPDK virtio-user guests on the other bridge, whose ports it does not touch;
// - nfvctl refuses a change to a port nfvd owns while nfvd runs (naming nfvd and the fix),
//   lets a port outside the config change, and `nfvctl ports|bridges` tell them apart;
// - SIGHUP applies the file of the last apply again; a broken file changes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <map>

#include "nfv/testing/guest_traffic.h"
#include "nfv/testing/guests.h"
#include "nfv/testing/nfvd_process.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_guests.h"

namespace nfv::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The guests' bridge br0 (vhost-user ports a and b, the switch's sockets in the test's
// directory) and a lab bridge br1 of null devices; `changed` adds, changes and deletes on br1
// and adds br2, leaving a, b and br0 exactly as they were.
std::string write_config(const TestDir& dir, const std::string& name, bool changed) {
  std::string path = dir.file(name);
  std::ofstream(path) << "switch:\n"
                      << "  vhost_mode: server\n"
                      << "  vhost_dir: " << dir.path() << "\n"
                      << "ports:\n"
                      << "  - {name: a, socket: a.sock}\n"
                      << "  - {name: b, socket: b.sock}\n"
                      << (changed ? "  - {name: null0, vdev: net_null0, vlan: {mode: access, "
                                    "tag: 20}}\n"
                                  : "  - {name: null0, vdev: net_null0}\n")
                      << (changed ? "  - {name: null2, vdev: net_null2}\n"
                                    "  - {name: null3, vdev: net_null3}\n"
                                  : "  - {name: null1, vdev: net_null1}\n")
                      << "bridges:\n"
                      << "  - {name: br0, ports: [a, b]}\n"
                      << (changed ? "  - name: br1\n    ports: [null0, null2]\n"
                                    "    macs: [{mac: \"02:00:00:00:00:AA\", port: null2}]\n"
                                    "  - {name: br2, ports: [null3]}\n"
                                  : "  - {name: br1, ports: [null0, null1]}\n");
  return path;
}

// nfv-switch, nfvd beside it, and the first config (write_config) applied through nfvctl.
struct ManagedSwitch {
  TestDir dir;
  SwitchProcess sw;
  Subprocess nfvd;
  std::string config;
};

Result<ManagedSwitch> start_managed_switch() {
  auto started = start_switch_with_nfvd();
  if (!started) return std::move(started).error();
  auto& [dir, sw, nfvd] = *started;
  std::string config = write_config(dir, "host.yaml", false);
  CommandRun applied = nfvctl(dir, {"apply", config});
  if (applied.exit_code != 0) {
    return make_error("nfvctl apply {}: {}\n{}", config, applied.out, nfvd.log_tail());
  }
  return ManagedSwitch{std::move(dir), std::move(sw), std::move(nfvd), config};
}

// Every step of the plan is on an object other than the guests' ports and bridge.
::testing::AssertionResult LeavesTheGuestsAlone(const nlohmann::json& plan) {
  for (const auto& step : plan["plan"]["steps"]) {
    std::string name = step["name"];
    if (name == "a" || name == "b" || name == "br0" || name.starts_with("br0 ")) {
      return ::testing::AssertionFailure() << "the plan touches " << name << ": " << plan.dump(1);
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(NfvdOwnerE2e, AnApplyOnOneBridgeLosesNoFrameOnTheOther) {
  NFV_ASSERT_OK_AND_ASSIGN(ManagedSwitch m, start_managed_switch());
  std::string second = write_config(m.dir, "second.yaml", true);

  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(m.dir, m.sw, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(m.dir, m.sw, "b", kMacB));
  NFV_ASSERT_OK(introduce_guests(m.sw, {a, b}));
  NFV_ASSERT_OK(start_stream(a, kMacA, kMacB, 1, 20000));
  NFV_ASSERT_OK(start_stream(b, kMacB, kMacA, 2, 20000));
  NFV_ASSERT_OK(b.wait_rx(0, 2000));

  auto plan = nfvctl(m.dir, {"--json", "diff", second}).json();
  ASSERT_GE(plan["plan"]["steps"].size(), 6u) << plan.dump(1);
  EXPECT_TRUE(LeavesTheGuestsAlone(plan));
  CommandRun change = nfvctl(m.dir, {"apply", second});
  ASSERT_EQ(change.exit_code, 0) << change.out << m.nfvd.log_tail();
  // Traffic goes on after the change: another 2000 frames each way reach the guests.
  NFV_ASSERT_OK_AND_ASSIGN(auto before, stream_stats(b, 1));
  NFV_ASSERT_OK(b.wait_rx(0, before.received + 2000));

  NFV_ASSERT_OK_AND_ASSIGN(auto ab, a.stream_stop(1));
  NFV_ASSERT_OK_AND_ASSIGN(auto ba, b.stream_stop(2));
  EXPECT_EQ(ab.failed + ba.failed, 0u);
  EXPECT_TRUE(ReceivedAll(b, 1, ab.sent)) << "a -> b across the apply";
  EXPECT_TRUE(ReceivedAll(a, 2, ba.sent)) << "b -> a across the apply";

  EXPECT_EQ(port_names(m.sw), (std::vector<std::string>{"a", "b", "null0", "null2", "null3"}));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo null0, m.sw.port_info("null0"));
  EXPECT_EQ(null0.vlan.mode, "access");
  EXPECT_EQ(null0.vlan.tag, 20u);
  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo null3, m.sw.port_info("null3"));
  EXPECT_EQ(null3.bridge, "br2");
  EXPECT_THAT(nfvctl(m.dir, {"diff", second}).out, HasSubstr("no changes"));
}

// Only nfvd changes what its config holds; the rest stays the operator's.
TEST(NfvdOwnerE2e, NfvctlRefusesNfvdsPortsAndChangesForeignOnes) {
  NFV_ASSERT_OK_AND_ASSIGN(ManagedSwitch m, start_managed_switch());

  CommandRun refused =
      nfvctl(m.dir, {"vlan", "set", "null0", "--mode", "access", "--tag", "5"}, &m.sw);
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_THAT(refused.out, HasSubstr("port null0 belongs to nfvd"));
  EXPECT_THAT(refused.out, HasSubstr("nfvctl apply " + m.config));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo null0, m.sw.port_info("null0"));
  EXPECT_EQ(null0.vlan.mode, "trunk") << "the refused change was not made";
  EXPECT_EQ(nfvctl(m.dir, {"bridge", "del", "br1"}, &m.sw).exit_code, 1);

  CommandRun added = nfvctl(
      m.dir, {"port", "add", "lab0", "--type", "dpdk", "--devargs", "net_null9", "--bridge", "br1"},
      &m.sw);
  ASSERT_EQ(added.exit_code, 0) << added.out;
  CommandRun lab_vlan =
      nfvctl(m.dir, {"vlan", "set", "lab0", "--mode", "access", "--tag", "5"}, &m.sw);
  EXPECT_EQ(lab_vlan.exit_code, 0) << lab_vlan.out;
  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo lab0, m.sw.port_info("lab0"));
  EXPECT_EQ(lab0.vlan.tag, 5u);

  auto ports = nfvctl(m.dir, {"--json", "ports"}).json();
  std::map<std::string, std::string> owner;
  for (const auto& port : ports["objects"]) owner[port["name"]] = port["owner"];
  EXPECT_EQ(owner["lab0"], "foreign") << ports.dump(1);
  EXPECT_EQ(owner["null0"], "nfvd");
  CommandRun table = nfvctl(m.dir, {"ports"});
  EXPECT_THAT(table.out, HasSubstr("in sync"));
  EXPECT_THAT(table.out, HasSubstr("foreign"));
  auto bridges = nfvctl(m.dir, {"--json", "bridges"}).json();
  ASSERT_EQ(bridges["objects"].size(), 2u) << bridges.dump(1);
  EXPECT_EQ(bridges["objects"][1]["name"], "br1");
  EXPECT_THAT(bridges["objects"][1]["detail"].get<std::string>(), HasSubstr("lab0"));

  m.nfvd.terminate(std::chrono::seconds(10));
  CommandRun without = nfvctl(m.dir, {"port", "set", "null0", "--admin", "down"}, &m.sw);
  EXPECT_EQ(without.exit_code, 0) << "no nfvd, no owner to ask: " << without.out;
  EXPECT_THAT(without.out, Not(HasSubstr("nfvd")));
}

TEST(NfvdOwnerE2e, SighupAppliesTheFileAgainAndABrokenOneChangesNothing) {
  NFV_ASSERT_OK_AND_ASSIGN(ManagedSwitch m, start_managed_switch());

  write_config(m.dir, "host.yaml", true);  // edited in place, then SIGHUP
  ASSERT_EQ(::kill(m.nfvd.pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_until([&] { return m.sw.port_info("null3").ok(); }, std::chrono::seconds(20),
                         "SIGHUP applies the edited file"))
      << m.nfvd.log_tail();
  EXPECT_EQ(port_names(m.sw), (std::vector<std::string>{"a", "b", "null0", "null2", "null3"}));

  std::ofstream(m.config) << "switch:\n  vhost_mode: sideways\n";
  ASSERT_EQ(::kill(m.nfvd.pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_until(
      [&] { return file_tail(m.nfvd.log_path(), 5).find("nothing changed") != std::string::npos; },
      std::chrono::seconds(20), "SIGHUP reports the broken file"))
      << m.nfvd.log_tail();
  EXPECT_THAT(m.nfvd.log_tail(5), HasSubstr(m.config + ":2:"));
  EXPECT_EQ(port_names(m.sw), (std::vector<std::string>{"a", "b", "null0", "null2", "null3"}));
  EXPECT_TRUE(m.nfvd.running());
  auto status = nfvctl(m.dir, {"--json", "status"}).json();
  EXPECT_EQ(status["last_apply_result"], "ok") << status.dump(1);
}

}  // namespace
}  // namespace nfv::testing
