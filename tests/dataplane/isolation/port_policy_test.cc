// The control socket's port policy (port_policy.h): which devices and socket paths a
// control-socket client may ask for. Pure, except the resolved-path tests (temp dirs).
#include "nfv/dataplane/port_policy.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

#include "nfv/api/jsonrpc.h"

namespace nfv::dp {
namespace {

PortSpec dpdk_port(const std::string& devargs) {
  PortSpec spec;
  spec.name = std::string("p");
  spec.type = PortType::kDpdk;
  spec.dpdk.devargs = devargs;
  return spec;
}

PortSpec vhost_port(const std::string& path) {
  PortSpec spec;
  spec.name = std::string("vm1");
  spec.type = PortType::kVhost;
  spec.vhost.path = path;
  return spec;
}

PortPolicy default_policy() { return PortPolicy{{}, {"/run/nfv-switch/sw"}}; }

TEST(PortPolicy, PciAddressesAreAlwaysAllowed) {
  EXPECT_TRUE(check_port_policy(dpdk_port("0000:3b:02.0"), default_policy()));
  EXPECT_TRUE(check_port_policy(dpdk_port("3b:02.1,rx_low_latency=1"), default_policy()));
}

TEST(PortPolicy, InProcessVdevsAreAllowedByDefault) {
  EXPECT_TRUE(check_port_policy(dpdk_port("net_null0"), default_policy()));
  EXPECT_TRUE(check_port_policy(dpdk_port("net_ring_a,nodeaction=r0:0:CREATE"), default_policy()));
}

TEST(PortPolicy, VdevsThatReachTheHostNeedTheOption) {
  for (const char* devargs :
       {"net_tap0,iface=tap0", "net_tun0", "net_pcap0,rx_pcap=/etc/shadow",
        "net_af_packet0,iface=eth0", "net_vhost0,iface=/tmp/x.sock",
        "net_virtio_user0,path=/tmp/x.sock", "eth_ring0", "net_bonding0,slave=0000:3b:02.0"}) {
    auto status = check_port_policy(dpdk_port(devargs), default_policy());
    ASSERT_FALSE(status) << devargs << " was allowed";
    EXPECT_EQ(status.error().code, static_cast<int>(api::ErrorCode::kInvalidParams));
    EXPECT_NE(status.error().message.find("--allow-vdev"), std::string::npos)
        << status.error().message;
  }
  auto tap = check_port_policy(dpdk_port("net_tap0,iface=tap0"), default_policy());
  EXPECT_EQ(tap.error().message,
            "port p: vdev 'net_tap0' is not allowed over the control socket (allowed: PCI "
            "addresses, net_null, net_ring); drivers that touch host files, interfaces or "
            "sockets need nfv-switch --allow-vdev DRIVER, or the port on nfv-switch's command "
            "line");
}

TEST(PortPolicy, AllowVdevAllowsThatDriverOnly) {
  PortPolicy policy = default_policy();
  policy.allowed_vdevs = {"net_tap"};
  EXPECT_TRUE(check_port_policy(dpdk_port("net_tap0,iface=tap0"), policy));
  EXPECT_TRUE(check_port_policy(dpdk_port("net_tap_up,iface=up"), policy));
  EXPECT_FALSE(check_port_policy(dpdk_port("net_pcap0,iface=eth0"), policy));
}

TEST(PortPolicy, BusPrefixesAndKeyValueDeviceSyntaxAreRefused) {
  PortPolicy policy = default_policy();
  policy.allowed_vdevs = {"net_null"};
  for (const char* devargs : {"vdev:net_tap0", "bus=vdev,name=net_tap0", "class=eth,mac=x", "",
                              "../net_null0", "net null0"}) {
    auto status = check_port_policy(dpdk_port(devargs), policy);
    ASSERT_FALSE(status) << "'" << devargs << "' was allowed";
    EXPECT_NE(status.error().message.find("neither a PCI address nor a plain vdev name"),
              std::string::npos)
        << status.error().message;
  }
}

TEST(PortPolicy, VhostSocketsStayInTheVhostDirectory) {
  PortPolicy policy = default_policy();
  EXPECT_TRUE(check_port_policy(vhost_port("/run/nfv-switch/sw/vm1.sock"), policy));
  EXPECT_TRUE(check_port_policy(vhost_port("/run/nfv-switch/sw/guests/vm1.sock"), policy));
  EXPECT_TRUE(check_port_policy(vhost_port("/run/nfv-switch/sw/a/../vm1.sock"), policy));
  auto outside = check_port_policy(vhost_port("/etc/vm1.sock"), policy);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().message,
            "port vm1: vhost socket path /etc/vm1.sock is outside the vhost directory "
            "/run/nfv-switch/sw; use a path in it, or start nfv-switch with --allow-vhost-dir "
            "/etc");
  for (const char* path : {"/run/nfv-switch/sw/../x.sock", "/run/nfv-switch/sw/../../../etc/passwd",
                           "/run/nfv-switch/swx/vm1.sock", "/run/nfv-switch/sw",
                           "/run/nfv-switch/sw/.", "vm1.sock", "sw/vm1.sock"}) {
    EXPECT_FALSE(check_port_policy(vhost_port(path), policy)) << path << " was allowed";
  }
}

TEST(PortPolicy, AllowVhostDirAddsADirectory) {
  PortPolicy policy = default_policy();
  policy.vhost_dirs.push_back("/var/lib/libvirt/qemu/");
  EXPECT_TRUE(check_port_policy(vhost_port("/var/lib/libvirt/qemu/vm1.sock"), policy));
  EXPECT_TRUE(check_port_policy(vhost_port("/run/nfv-switch/sw/vm1.sock"), policy));
  EXPECT_FALSE(check_port_policy(vhost_port("/var/lib/libvirt/vm1.sock"), policy));
}

TEST(PortPolicy, DriverNamesOfTheOption) {
  EXPECT_TRUE(valid_vdev_driver_name("net_tap"));
  EXPECT_TRUE(valid_vdev_driver_name("net_af_packet"));
  EXPECT_FALSE(valid_vdev_driver_name(""));
  EXPECT_FALSE(valid_vdev_driver_name("Net_tap"));
  EXPECT_FALSE(valid_vdev_driver_name("net-tap"));
  EXPECT_FALSE(valid_vdev_driver_name("0net"));
  EXPECT_FALSE(valid_vdev_driver_name(std::string(33, 'a')));
}

class ResolvedPath : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/nfv-policy-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root_ = pattern;
    std::filesystem::create_directories(root_ + "/vhost/sub");
    std::filesystem::create_directories(root_ + "/elsewhere");
    policy_.vhost_dirs = {root_ + "/vhost"};
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::string root_;
  PortPolicy policy_;
};

TEST_F(ResolvedPath, APlainPathInsideIsAllowed) {
  EXPECT_TRUE(check_vhost_path_resolved(vhost_port(root_ + "/vhost/vm1.sock"), policy_));
  EXPECT_TRUE(check_vhost_path_resolved(vhost_port(root_ + "/vhost/sub/vm1.sock"), policy_));
}

TEST_F(ResolvedPath, ASymlinkedDirectoryLeavingTheTreeIsRefused) {
  std::filesystem::create_directory_symlink(root_ + "/elsewhere", root_ + "/vhost/link");
  auto spec = vhost_port(root_ + "/vhost/link/vm1.sock");
  ASSERT_TRUE(check_port_policy(spec, policy_)) << "lexically inside";
  auto status = check_vhost_path_resolved(spec, policy_);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message,
            "port vm1: the directory of vhost socket " + root_ +
                "/vhost/link/vm1.sock resolves to " + root_ +
                "/elsewhere (through a symbolic link or '..'), outside the vhost directory; "
                "use a path without links");
  // ".." after a symlink is resolved physically, as the kernel does.
  std::filesystem::create_directories(root_ + "/elsewhere/deep");
  std::filesystem::create_directory_symlink(root_ + "/elsewhere/deep", root_ + "/vhost/d");
  EXPECT_FALSE(check_vhost_path_resolved(vhost_port(root_ + "/vhost/d/../vm1.sock"), policy_));
}

TEST_F(ResolvedPath, ASymlinkedVhostDirectoryItselfIsFollowed) {
  std::filesystem::create_directory_symlink(root_ + "/vhost", root_ + "/alias");
  policy_.vhost_dirs = {root_ + "/alias"};
  EXPECT_TRUE(check_vhost_path_resolved(vhost_port(root_ + "/alias/vm1.sock"), policy_));
  EXPECT_FALSE(check_vhost_path_resolved(vhost_port(root_ + "/elsewhere/vm1.sock"), policy_));
}

}  // namespace
}  // namespace nfv::dp
