// nfvctl's port security flags on port add and port set: present with help, and refused in
// combinations that contradict each other (a usage error, before any request).
#include <gtest/gtest.h>

#include "nfv/nfvctl/switch_commands.h"
#include "nfv/testing/command_run.h"

namespace nfv::nfvctl {
namespace {

TEST(PortSecurityFlags, PortAddAndSetOfferThem) {
  cli::Registry registry;
  register_switch_commands(registry);
  for (const char* command : {"add", "set"}) {
    auto help = nfv::testing::run_command(registry, {"port", command, "--help"});
    ASSERT_EQ(help.exit_code, cli::kExitOk) << help.err;
    for (const char* flag : {"--port-security", "--allowed-mac", "--allowed-ip", "--trusted"}) {
      EXPECT_NE(help.out.find(std::string("  ") + flag), std::string::npos)
          << "port " << command << " " << flag << " in:\n"
          << help.out;
    }
  }
  auto set = nfv::testing::run_command(registry, {"port", "set", "--help"});
  EXPECT_NE(set.out.find("  --no-port-security"), std::string::npos) << set.out;
  auto add = nfv::testing::run_command(registry, {"port", "add", "--help"});
  EXPECT_EQ(add.out.find("--no-port-security"), std::string::npos) << "nothing to turn off";
}

TEST(PortSecurityFlags, OffWithRulesIsAUsageError) {
  cli::Registry registry;
  register_switch_commands(registry);
  for (const char* rule : {"--port-security", "--trusted"}) {
    auto run =
        nfv::testing::run_command(registry, {"port", "set", "vm1", "--no-port-security", rule});
    EXPECT_EQ(run.exit_code, cli::kExitUsage) << rule;
    EXPECT_NE(run.err.find("--no-port-security cannot be combined"), std::string::npos) << run.err;
  }
  auto run = nfv::testing::run_command(
      registry, {"port", "set", "vm1", "--no-port-security", "--allowed-mac", "02:00:00:00:00:01"});
  EXPECT_EQ(run.exit_code, cli::kExitUsage) << run.err;
}

}  // namespace
}  // namespace nfv::nfvctl
