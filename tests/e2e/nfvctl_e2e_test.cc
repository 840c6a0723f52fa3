// nfvctl against a running nfv-switch, as an operator drives it from the shell: tables for
// people, JSON for scripts (`-j` before or after the command), errors that name the object
// and exit non-zero without changing anything.
#include <gtest/gtest.h>

#include "nfv/api/drop_reasons.h"
#include "nfv/testing/guests.h"
#include "nfv/testing/nfvctl_process.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_process.h"

namespace nfv::testing {
namespace {

TEST(Nfvctl, DrivesARunningSwitch) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SwitchProcessOptions options;
  options.args = {"--port", "a,type=vhost", "--bridge", "br0:a"};
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, options));

  CommandRun added = nfvctl(dir, sw, {"port", "add", "b", "--type", "vhost", "--bridge", "br0"});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  CommandRun table = nfvctl(dir, sw, {"port", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("br0"), std::string::npos) << table.out;

  for (auto args : {std::vector<std::string>{"-j", "stats"}, {"stats", "--json"}}) {
    CommandRun stats = nfvctl(dir, sw, args);
    ASSERT_EQ(stats.exit_code, 0) << stats.out;
    auto json = stats.json();
    ASSERT_EQ(json["ports"].size(), 2u) << json.dump();
    EXPECT_EQ(json["ports"][1]["name"], "b");
    EXPECT_EQ(json["ports"][1]["drops"].size(), api::kDropReasonCount);
  }

  CommandRun missing = nfvctl(dir, sw, {"port", "del", "nosuch"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("nosuch"), std::string::npos) << missing.out;
  CommandRun bad_vlan = nfvctl(dir, sw, {"vlan", "set", "b", "--mode", "access", "--tag", "5000"});
  EXPECT_NE(bad_vlan.exit_code, 0);
  EXPECT_NE(bad_vlan.out.find("5000"), std::string::npos) << bad_vlan.out;
  auto ports = nfvctl(dir, sw, {"-j", "port", "list"}).json();
  ASSERT_EQ(ports["ports"].size(), 2u) << "the failed commands changed nothing";
  EXPECT_EQ(ports["ports"][1]["vlan"]["mode"], "trunk") << ports.dump();
}

}  // namespace
}  // namespace nfv::testing
