// Drift against a real nfv-switch: a port nfvd applied, removed over the switch's own socket,
// is reported by nfvd.drift and `nfvctl status` within a deadline and logged once; a port
// added by hand is reported as foreign and never touched; `nfvctl apply` of the same file
// repairs the drift and the next check finds the host in sync again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "nfv/testing/nfvd_process.h"
#include "nfv/testing/result_assertions.h"

namespace nfv::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr auto kDriftDeadline = 10s;  // checks run every 0.2 s

std::string write_config(const TestDir& dir) {
  std::string path = dir.file("host.yaml");
  std::ofstream(path) << "switch: {}\n"
                      << "ports:\n"
                      << "  - {name: null0, vdev: net_null0}\n"
                      << "  - {name: null1, vdev: net_null1, vlan: {mode: access, tag: 100}}\n"
                      << "bridges:\n"
                      << "  - name: br0\n"
                      << "    ports: [null0, null1]\n"
                      << "    macs: [{mac: \"02:00:00:00:00:aa\", port: null0}]\n";
  return path;
}

api::json drift_of(const TestDir& dir) { return nfvctl(dir, {"--json", "drift"}).json(); }

bool has_item(const api::json& drift, const std::string& kind, const std::string& object) {
  for (const auto& item : drift.value("items", api::json::array())) {
    if (item["kind"] == kind && item["object"] == object) return true;
  }
  return false;
}

bool has_foreign(const api::json& drift, const std::string& object) {
  for (const auto& item : drift.value("foreign", api::json::array())) {
    if (item["object"] == object) return true;
  }
  return false;
}

size_t count_of(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(NfvdDriftE2e, ARemovedPortIsReportedThenRepairedAndAForeignOneLeftAlone) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess nfvd, start_nfvd(dir, sw, {"--drift-interval", "0.2"}));
  std::string config = write_config(dir);
  CommandRun apply = nfvctl(dir, {"apply", config});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << nfvd.log_tail();
  api::json drift;
  ASSERT_TRUE(wait_until(
      [&] {
        drift = drift_of(dir);
        return drift.value("in_sync", false);
      },
      kDriftDeadline, "the applied host is in sync"))
      << drift.dump(1) << nfvd.log_tail();
  EXPECT_THAT(nfvctl(dir, {"status"}).out, HasSubstr("in sync with the desired state (checked"));

  api::NameParams removed;
  removed.name = "null1";
  NFV_ASSERT_OK(sw.client().call(api::kPortDel, removed));
  api::PortAddParams lab;
  lab.name = "lab0";
  lab.type = "dpdk";
  lab.devargs = "net_null9";
  NFV_ASSERT_OK(sw.client().call(api::kPortAdd, lab));
  ASSERT_TRUE(wait_until(
      [&] {
        drift = drift_of(dir);
        return has_item(drift, "port", "null1") && has_foreign(drift, "lab0");
      },
      kDriftDeadline, "nfvd reports port null1 gone and lab0 foreign"))
      << drift.dump(1) << nfvd.log_tail();
  EXPECT_FALSE(drift["in_sync"].get<bool>());
  EXPECT_EQ(drift["error"], "");
  EXPECT_FALSE(has_item(drift, "port", "lab0")) << "a foreign port is no drift";
  CommandRun status = nfvctl(dir, {"status"});
  EXPECT_THAT(status.out,
              HasSubstr("drift: port null1: removed behind nfvd's back (apply creates it)"));
  EXPECT_THAT(status.out, HasSubstr("foreign: port lab0: not nfvd's, left as it is"));
  auto status_json = nfvctl(dir, {"--json", "status"}).json();
  EXPECT_TRUE(has_item(status_json["drift"], "port", "null1")) << status_json.dump(1);

  // Logged once, however many checks see it.
  std::string first_check = drift["checked_at"];
  ASSERT_TRUE(
      wait_until([&] { return drift_of(dir)["checked_at"] != first_check; }, 5s, "a later check"));
  std::string logged = "drift: port null1: removed behind nfvd's back; nfvctl apply " + config;
  EXPECT_EQ(count_of(file_text(dir.file("nfvd.log")), logged), 1u) << nfvd.log_tail();

  CommandRun repair = nfvctl(dir, {"apply", config});
  ASSERT_EQ(repair.exit_code, 0) << repair.out << nfvd.log_tail();
  EXPECT_THAT(repair.out, HasSubstr("+ port null1 (create)"));
  ASSERT_TRUE(wait_until(
      [&] {
        drift = drift_of(dir);
        return drift.value("in_sync", false);
      },
      kDriftDeadline, "the repaired host is in sync"))
      << drift.dump(1) << nfvd.log_tail();
  EXPECT_TRUE(has_foreign(drift, "lab0"));
  EXPECT_EQ(port_names(sw), (std::vector<std::string>{"lab0", "null0", "null1"}));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo null1, sw.port_info("null1"));
  EXPECT_EQ(null1.bridge, "br0");
  EXPECT_THAT(file_text(dir.file("nfvd.log")), HasSubstr("drift: the host is in sync again"));
}

TEST(NfvdDriftE2e, AVlanChangedOverTheSwitchSocketIsNamedWithBothValues) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess nfvd, start_nfvd(dir, sw, {"--drift-interval", "0.2"}));
  std::string config = write_config(dir);
  ASSERT_EQ(nfvctl(dir, {"apply", config}).exit_code, 0) << nfvd.log_tail();
  api::VlanSetParams vlan;
  vlan.port = "null1";
  vlan.vlan.mode = "access";
  vlan.vlan.tag = 200;
  NFV_ASSERT_OK(sw.client().call(api::kVlanSet, vlan));
  std::string status;
  ASSERT_TRUE(wait_until(
      [&] {
        status = nfvctl(dir, {"status"}).out;
        return status.find("drift: port null1:") != std::string::npos;
      },
      kDriftDeadline, "nfvctl status shows the changed VLAN"))
      << status << nfvd.log_tail();
  EXPECT_THAT(status, HasSubstr("drift: port null1: vlan access 200 on the host, access 100 "
                                "desired (apply changes it)"));
  ASSERT_EQ(nfvctl(dir, {"apply", config}).exit_code, 0) << nfvd.log_tail();
  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo null1, sw.port_info("null1"));
  EXPECT_EQ(null1.vlan.tag, 100u);
  ASSERT_TRUE(wait_until([&] { return drift_of(dir).value("in_sync", false); }, kDriftDeadline,
                         "the repaired host is in sync"));
}

}  // namespace
}  // namespace nfv::testing
