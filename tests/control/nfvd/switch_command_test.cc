// The nfv-switch command line nfvd builds from the config's switch: section, and where the
// binary is found.
#include "nfv/nfvd/switch_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "nfv/config/parse.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::nfvd {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;
using ::testing::Not;

config::ApplianceConfig parse(const std::string& yaml) {
  auto config = config::parse_config(yaml, "t.yaml");
  EXPECT_TRUE(config) << config.error().message;
  return config ? *config : config::ApplianceConfig{};
}

TEST(SwitchCommandLine, DefaultsOfAnEmptySwitchSection) {
  auto argv = switch_command_line(parse("switch: {}\n"),
                                  {"/sbin/nfv-switch", "/run/s.sock", {}, std::nullopt});
  EXPECT_THAT(argv, ElementsAre("/sbin/nfv-switch", "--control-socket", "/run/s.sock",
                                "--file-prefix", "nfv-switch", "--memory", "1024"));
}

TEST(SwitchCommandLine, EveryKeyOfTheSwitchSection) {
  auto config = parse(
      "switch:\n"
      "  pmd_cpus: \"2,3\"\n"
      "  memory_mb: 256\n"
      "  file_prefix: sw1\n"
      "  no_huge: true\n"
      "  mbufs: 8191\n"
      "  vhost_dir: /run/vm\n"
      "  eal_args: [--vdev=net_null5, --log-level=lib.eal:debug]\n");
  auto argv = switch_command_line(config, {"nfv-switch", "/run/s.sock", {2, 3}, std::nullopt});
  EXPECT_THAT(argv, ElementsAre("nfv-switch", "--control-socket", "/run/s.sock", "--file-prefix",
                                "sw1", "--memory", "256", "--pmd-cores", "2,3", "--no-huge",
                                "--mbufs", "8191", "--vhost-dir", "/run/vm", "--eal-args",
                                "--vdev=net_null5 --log-level=lib.eal:debug"));
}

TEST(SwitchCommandLine, TheConfigsOwnPortsAreAllowed) {
  auto config = parse(
      "switch: {vhost_dir: /run/vm}\n"
      "ports:\n"
      "  - {name: a, socket: /srv/peers/a.sock}\n"
      "  - {name: b, socket: /srv/peers/b.sock}\n"
      "  - {name: c, socket: /run/vm/c.sock}\n"
      "  - {name: d, socket: d.sock}\n"
      "  - {name: t0, vdev: \"net_tap0,iface=nfv0\"}\n"
      "  - {name: t1, vdev: net_tap1}\n"
      "  - {name: n0, vdev: net_null0}\n");
  auto argv = switch_command_line(config, {"nfv-switch", "/run/s.sock", {1}, std::nullopt});
  std::vector<std::string> tail(argv.end() - 4, argv.end());
  EXPECT_THAT(tail,
              ElementsAre("--allow-vhost-dir", "/srv/peers", "--allow-vdev", "net_tap,net_null"))
      << "one --allow-vhost-dir per directory outside vhost_dir, the drivers once each";
}

TEST(SwitchCommandLine, AVhostDirectoryOfQemusGroupIsSaidSo) {
  auto config = parse("switch: {vhost_dir: /run/nfv/vm}\n");
  auto argv = switch_command_line(config, {"nfv-switch", "/run/s.sock", {1}, 64055});
  std::vector<std::string> tail(argv.end() - 6, argv.end());
  EXPECT_THAT(tail, ElementsAre("--vhost-dir", "/run/nfv/vm", "--vhost-dir-group", "64055",
                                "--vhost-dir-mode", "2770"));
}

TEST(SwitchCommandLine, VdevDriverNames) {
  EXPECT_EQ(vdev_driver("net_tap0,iface=x"), "net_tap");
  EXPECT_EQ(vdev_driver("net_null12"), "net_null");
  EXPECT_EQ(vdev_driver("net_pcap"), "net_pcap");
}

TEST(SwitchCommandLine, PmdCpusAsWrittenWithoutThePlanner) {
  auto config = parse("switch: {pmd_cpus: \"5,7\"}\n");
  NFV_ASSERT_OK_AND_ASSIGN(auto cpus, pmd_cpus_for(config, "/nonexistent-sysfs"));
  EXPECT_EQ(cpus, (std::vector<uint32_t>{5, 7}));
}

TEST(SwitchBinary, BesideNfvdElseInPath) {
  NFV_ASSERT_OK_AND_ASSIGN(auto dir, nfv::testing::TestDir::create());
  EXPECT_EQ(default_switch_binary(dir.file("nfvd")), "nfv-switch");
  std::string beside = dir.file("nfv-switch");
  std::ofstream(beside) << "#!/bin/sh\n";
  std::filesystem::permissions(beside, std::filesystem::perms::owner_all);
  EXPECT_EQ(default_switch_binary(dir.file("nfvd")), beside);
}

}  // namespace
}  // namespace nfv::nfvd
