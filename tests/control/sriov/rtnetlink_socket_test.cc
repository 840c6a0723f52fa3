// The real rtnetlink transport against this kernel, on the loopback link: no SR-IOV here, but
// the request, the reply, the error and its extended-ack text all travel for real.
#include <gtest/gtest.h>

#include <cerrno>

#include "nfv/sriov/vf_config.h"

namespace nfv::sriov {
namespace {

TEST(RtnetlinkSocket, QueriesALinkWithoutVfs) {
  auto socket = RtnetlinkSocket::open();
  ASSERT_TRUE(socket) << socket.error().message;
  auto link = VfConfigurator(**socket).query("lo");
  ASSERT_TRUE(link) << link.error().message;
  EXPECT_EQ(link->ifname, "lo");
  EXPECT_EQ(link->ifindex, 1);
  EXPECT_EQ(link->num_vfs, std::nullopt);
  EXPECT_TRUE(link->vfs.empty());
}

TEST(RtnetlinkSocket, KernelErrorsComeBackExplained) {
  auto socket = RtnetlinkSocket::open();
  ASSERT_TRUE(socket) << socket.error().message;
  auto missing = VfConfigurator(**socket).query("nfv-no-such0");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ENODEV);
  // Setting a VF MAC on lo: the loopback driver has no ndo_set_vf_mac. Nothing changes.
  VfSettings settings;
  settings.mac = *parse_mac("02:00:00:00:00:01");
  Status set = send_vf_settings(**socket, "lo", 0, settings);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().code, EOPNOTSUPP);
  EXPECT_NE(set.error().message.find("PF lo: its driver cannot set mac on VF 0 (EOPNOTSUPP)"),
            std::string::npos)
      << set.error().message;
}

}  // namespace
}  // namespace nfv::sriov
