// nfvd against a running nfv-switch, driven by nfvctl as an operator would: diff shows the
// creates, apply makes them, diff again shows nothing; a changed config deletes only the
// port it dropped and leaves a port added by hand alone; a restarted nfvd still knows the
// config it last applied. And --check-config, which touches nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "nfv/testing/nfvd_process.h"
#include "nfv/testing/result_assertions.h"

namespace nfv::testing {
namespace {

using ::testing::HasSubstr;

// Three ports on one bridge (dpdk null devices and a vhost-user server port: no peers
// needed) and a static MAC; `with_null1` false drops one of them.
std::string write_config(const TestDir& dir, const std::string& name, bool with_null1) {
  std::string members = with_null1 ? "[null0, null1, v1]" : "[null0, v1]";
  std::string path = dir.file(name);
  std::ofstream(path) << "switch:\n"
                      << "  vhost_mode: server\n"
                      << "  vhost_dir: " << dir.path() << "\n"
                      << "ports:\n"
                      << "  - {name: null0, vdev: net_null0}\n"
                      << (with_null1 ? "  - {name: null1, vdev: net_null1}\n" : "")
                      << "  - {name: v1, socket: v1.sock, vlan: {mode: trunk, trunks: [30, 10]}}\n"
                      << "bridges:\n"
                      << "  - name: br0\n"
                      << "    mac_table_size: 1024\n"
                      << "    ports: " << members << "\n"
                      << "    macs: [{mac: \"02:00:00:00:00:AA\", port: null0}]\n";
  return path;
}

TEST(NfvdE2e, DiffApplyChangeAndRestartThroughNfvctl) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
  std::string first = write_config(dir, "first.yaml", true);
  std::string second = write_config(dir, "second.yaml", false);
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess nfvd, start_nfvd(dir, sw));

  CommandRun diff = nfvctl(dir, {"diff", first});
  ASSERT_EQ(diff.exit_code, 0) << diff.out;
  EXPECT_THAT(diff.out, HasSubstr("+ bridge br0 (create)"));
  EXPECT_THAT(diff.out, HasSubstr("+ port null1 (create)"));
  EXPECT_THAT(port_names(sw), ::testing::IsEmpty()) << "diff touches nothing";

  CommandRun apply = nfvctl(dir, {"apply", first});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << nfvd.log_tail();
  EXPECT_THAT(apply.out, HasSubstr("applied: 5 step(s)"));
  EXPECT_EQ(port_names(sw), (std::vector<std::string>{"null0", "null1", "v1"}));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo v1, sw.port_info("v1"));
  EXPECT_EQ(v1.bridge, "br0");
  EXPECT_EQ(v1.path, dir.file("v1.sock"));
  EXPECT_THAT(nfvctl(dir, {"diff", first}).out, HasSubstr("no changes"));

  api::PortAddParams lab;
  lab.name = "lab0";
  lab.type = "dpdk";
  lab.devargs = "net_null9";
  NFV_ASSERT_OK(sw.client().call(api::kPortAdd, lab));
  auto plan = nfvctl(dir, {"--json", "diff", second}).json();
  ASSERT_EQ(plan["plan"]["steps"].size(), 1u) << plan.dump(1);
  EXPECT_EQ(plan["plan"]["steps"][0]["action"], "delete");
  EXPECT_EQ(plan["plan"]["steps"][0]["name"], "null1");
  EXPECT_EQ(plan["plan"]["foreign"][0]["name"], "lab0");
  CommandRun change = nfvctl(dir, {"apply", second});
  ASSERT_EQ(change.exit_code, 0) << change.out << nfvd.log_tail();
  EXPECT_THAT(change.out, HasSubstr("= port lab0: not nfvd's"));
  EXPECT_EQ(port_names(sw), (std::vector<std::string>{"lab0", "null0", "v1"}));

  nfvd.terminate(std::chrono::seconds(10));
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess restarted, start_nfvd(dir, sw));
  auto status = nfvctl(dir, {"status", "--json"}).json();
  EXPECT_EQ(status["config_path"], second) << status.dump(1);
  EXPECT_EQ(status["last_apply_result"], "ok");
  EXPECT_EQ(status["owned_objects"], 4) << "br0, null0, v1 and the static MAC";
  EXPECT_EQ(status["switch_reachable"], true);
  EXPECT_THAT(nfvctl(dir, {"status"}).out, HasSubstr("config:       " + second));
  EXPECT_THAT(nfvctl(dir, {"diff", second}).out, HasSubstr("no changes"));
  EXPECT_EQ(port_names(sw), (std::vector<std::string>{"lab0", "null0", "v1"}));
}

TEST(NfvdE2e, CheckConfigNamesTheFaultAndTouchesNothing) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string good = write_config(dir, "good.yaml", true);
  CommandRun valid =
      run(dir, "nfvd", {"--check-config", "--config", good, "--state-dir", dir.file("state")});
  EXPECT_EQ(valid.exit_code, 0) << valid.out;
  EXPECT_THAT(valid.out, HasSubstr("1 bridge(s), 3 switch port(s), 1 static MAC(s)"));
  std::string bad = dir.file("bad.yaml");
  std::ofstream(bad)
      << "switch:\n  pmd_cores: 1\nports:\n  - {name: a, vdev: net_null0, mtu: 10}\n";
  CommandRun invalid =
      run(dir, "nfvd", {"--check-config", "--config", bad, "--state-dir", dir.file("state")});
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_THAT(invalid.out, HasSubstr(bad + ":4:"));
  EXPECT_THAT(invalid.out, HasSubstr("mtu"));
  EXPECT_FALSE(std::filesystem::exists(dir.file("state"))) << "--check-config touches nothing";
}

// nfvctl check through nfvd: the host pre-flight with the switch as it runs (here without
// hugepages, so it needs none): no error, and the note says whose PMDs were checked.
TEST(NfvdE2e, CheckThroughNfvdSeesTheRunningSwitch) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess nfvd, start_nfvd(dir, sw));
  CommandRun check = nfvctl(dir, {"check", write_config(dir, "host.yaml", true)});
  EXPECT_NE(check.exit_code, 1) << check.out << nfvd.log_tail();
  EXPECT_THAT(check.out, HasSubstr("host: nfv-switch at " + sw.control_socket() + " runs"));
  EXPECT_THAT(check.out, ::testing::Not(HasSubstr("hugepages")));
}

}  // namespace
}  // namespace nfv::testing
