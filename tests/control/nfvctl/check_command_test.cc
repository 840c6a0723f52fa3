// nfvctl check FILE without nfvd: the same check nfvd runs, here, with a note saying so; a
// table of findings and their fixes, --json with nfvd's fields, and exit codes 0 (no finding),
// 1 (an error, or an invalid config) and 3 (warnings only). On a recording and fake trees.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "fixtures.h"
#include "healthy_host.h"
#include "nfv/cli/command.h"
#include "nfv/nfvctl/nfvd_commands.h"
#include "nfv/testing/command_run.h"

namespace nfv {
namespace {

using nfv::testing::CommandRun;
using ::testing::AllOf;
using ::testing::HasSubstr;

class CheckCommandTest : public ::testing::Test {
 protected:
  CommandRun check(const std::string& config, bool json = false) {
    cli::Registry registry;
    nfvctl::register_nfvd_commands(registry);
    return nfv::testing::run_command(
        registry,
        {"check", "--topology", topology::testing::fixture_path(preflight::testing::kRecording),
         "--sysfs", host.roots().sysfs, "--procfs", host.roots().procfs, config},
        json);
  }
  static std::string telco() { return topology::testing::example_path("telco-vnf-host.yaml"); }

  preflight::testing::HealthyHost host;
};

TEST_F(CheckCommandTest, AHealthyHostIsSaidSoWithoutNfvd) {
  CommandRun run = check(telco());
  EXPECT_EQ(run.exit_code, cli::kExitOk) << run.out << run.err;
  EXPECT_THAT(run.out, AllOf(HasSubstr("config: valid: 2 bridge(s), 5 switch port(s)"),
                             HasSubstr("host: a recording (--topology); checked here by nfvctl"),
                             HasSubstr("no finding")));
}

TEST_F(CheckCommandTest, WithoutNfvdTheCheckRunsHereAndSaysSo) {
  std::string path = ::testing::TempDir() + "/needs-nothing.yaml";
  std::ofstream(path) << "policy: {smt: share}\n";  // no switch, no guest: nothing to check
  cli::Registry registry;
  nfvctl::register_nfvd_commands(registry);
  CommandRun run = nfv::testing::run_command(
      registry, {"check", "--sysfs", host.roots().sysfs, "--procfs", host.roots().procfs, path});
  EXPECT_EQ(run.exit_code, cli::kExitOk) << run.out << run.err;
  EXPECT_THAT(run.out, AllOf(HasSubstr("host: nfvd does not answer at"),
                             HasSubstr("checked here by nfvctl"), HasSubstr("no finding")));
}

TEST_F(CheckCommandTest, AnErrorIsATableRowWithItsFix) {
  host.free_hugepages(0, 2048, 0);
  host.procfs.irq(42, "1");
  CommandRun run = check(telco());
  EXPECT_EQ(run.exit_code, cli::kExitError) << run.out << run.err;
  EXPECT_THAT(run.out, AllOf(HasSubstr("1 error(s), 1 warning(s): nfvd refuses"),
                             HasSubstr("1  error     hugepages 2M on node 0"),
                             HasSubstr("2  warning   PMD CPU 1"), HasSubstr("IRQ 42"),
                             HasSubstr("  1. echo 3072 > /sys/devices/system/node/node0"),
                             HasSubstr("     cost: each interrupt")));
}

TEST_F(CheckCommandTest, WarningsOnlyExitWithThree) {
  host.kernel_args("hugepagesz=1G hugepages=0:8,1:8");
  CommandRun run = check(telco(), true);
  EXPECT_EQ(run.exit_code, cli::kExitWarnings) << run.out << run.err;
  auto value = run.json();
  EXPECT_EQ(value["valid"], true);
  ASSERT_EQ(value["findings"].size(), 1u) << value.dump(1);
  EXPECT_EQ(value["findings"][0]["severity"], "warning");
  EXPECT_EQ(value["findings"][0]["subject"], "hugepages 2M on node 0");
  EXPECT_THAT(value["findings"][0]["fix"].get<std::string>(), HasSubstr("hugepagesz=2M"));
}

TEST_F(CheckCommandTest, AnInvalidConfigExitsWithOne) {
  std::string path = ::testing::TempDir() + "/bad-check.yaml";
  std::ofstream(path) << "switch:\n  pmd_cors: 1\n";
  CommandRun run = check(path);
  EXPECT_EQ(run.exit_code, cli::kExitError);
  EXPECT_THAT(run.out, AllOf(HasSubstr("did you mean 'pmd_cores'"), HasSubstr("config: invalid")));
}

}  // namespace
}  // namespace nfv
