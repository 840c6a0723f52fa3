// nfv-switch's privilege options: --allow-vdev, --allow-vhost-dir and the vhost directory's
// owner, group and mode, bounds-checked at parse time.
#include <gtest/gtest.h>

#include "nfv/dataplane/options.h"

namespace nfv::dp {
namespace {

Result<ParsedOptions> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "nfv-switch");
  return parse_switch_options(static_cast<int>(args.size()), args.data(), 4);
}

std::string parse_error(std::vector<const char*> args) {
  auto parsed = parse(std::move(args));
  return parsed ? "(accepted)" : parsed.error().message;
}

TEST(PrivilegeOptions, DefaultsAllowNothingExtra) {
  auto parsed = parse({});
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->options.allowed_vdevs.empty());
  EXPECT_TRUE(parsed->options.allowed_vhost_dirs.empty());
  EXPECT_EQ(parsed->options.vhost_dir_owner, "");
  EXPECT_EQ(parsed->options.vhost_dir_group, "");
  EXPECT_EQ(parsed->options.vhost_dir_mode, 0u);
}

TEST(PrivilegeOptions, AllowVdevTakesListsAndRepeats) {
  auto parsed = parse({"--allow-vdev", "net_tap,net_pcap", "--allow-vdev", "net_tap",
                       "--allow-vdev", "net_af_packet"});
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->options.allowed_vdevs,
            (std::vector<std::string>{"net_tap", "net_pcap", "net_af_packet"}));
  EXPECT_EQ(parse_error({"--allow-vdev", "net_tap,"}),
            "--allow-vdev '': a driver name is 1-32 of a-z, 0-9 and '_', such as net_tap");
  EXPECT_EQ(parse_error({"--allow-vdev", "net_tap0,iface=x"}),
            "--allow-vdev 'iface=x': a driver name is 1-32 of a-z, 0-9 and '_', such as net_tap");
}

TEST(PrivilegeOptions, AllowVhostDirMustBeAbsoluteAndNotTheRoot) {
  auto parsed = parse({"--allow-vhost-dir", "/var/lib/vms", "--allow-vhost-dir", "/srv/q"});
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->options.allowed_vhost_dirs,
            (std::vector<std::string>{"/var/lib/vms", "/srv/q"}));
  EXPECT_EQ(parse_error({"--allow-vhost-dir", "vms"}),
            "--allow-vhost-dir 'vms': must be an absolute directory other than /");
  EXPECT_EQ(parse_error({"--allow-vhost-dir", "/"}),
            "--allow-vhost-dir '/': must be an absolute directory other than /");
  EXPECT_EQ(parse_error({"--allow-vhost-dir", "/tmp/.."}),
            "--allow-vhost-dir '/tmp/..': must be an absolute directory other than /");
}

TEST(PrivilegeOptions, VhostDirModeIsOctalOwnerRwxAndNeverWorldWritable) {
  auto parsed =
      parse({"--vhost-dir-owner", "qemu", "--vhost-dir-group", "kvm", "--vhost-dir-mode", "2770"});
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->options.vhost_dir_owner, "qemu");
  EXPECT_EQ(parsed->options.vhost_dir_group, "kvm");
  EXPECT_EQ(parsed->options.vhost_dir_mode, 02770u);
  EXPECT_EQ(parse({"--vhost-dir-mode", "0750"})->options.vhost_dir_mode, 0750u);
  EXPECT_EQ(parse_error({"--vhost-dir-mode", "rwx"}),
            "--vhost-dir-mode 'rwx': expected an octal mode such as 2770");
  EXPECT_EQ(parse_error({"--vhost-dir-mode", "0789"}),
            "--vhost-dir-mode '0789': expected an octal mode such as 2770");
  EXPECT_EQ(parse_error({"--vhost-dir-mode", "17777"}), "--vhost-dir-mode 17777: at most 7777");
  EXPECT_EQ(parse_error({"--vhost-dir-mode", "0570"}),
            "--vhost-dir-mode 0570: the owner needs rwx (7xx) to create sockets");
  EXPECT_EQ(parse_error({"--vhost-dir-mode", "1777"}),
            "--vhost-dir-mode 1777: world-writable lets every local user plant files among the "
            "sockets; give QEMU's group access instead (e.g. --vhost-dir-group kvm "
            "--vhost-dir-mode 2770)");
}

TEST(PrivilegeOptions, HelpShowsThem) {
  auto parsed = parse({"--help"});
  ASSERT_TRUE(parsed) << parsed.error().message;
  for (const char* option :
       {"--allow-vdev DRIVER[,DRIVER...]", "--allow-vhost-dir DIR", "--vhost-dir-owner USER",
        "--vhost-dir-group GROUP", "--vhost-dir-mode OCTAL"}) {
    EXPECT_NE(parsed->text.find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace nfv::dp
