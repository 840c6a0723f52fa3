#include "nfv/sriov/vf_count.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "host_fixture.h"

namespace nfv::sriov::testing {
namespace {

TEST(VfCount, CreatesWithAutoprobeZeroInTwoWrites) {
  HostFixture host;
  UndoLog undo;
  std::vector<std::string> progress;
  auto pf = set_vf_count(host.sysfs, {kX710, 4, false}, undo,
                         [&](const std::string& line) { progress.push_back(line); });
  ASSERT_TRUE(pf) << pf.error().message;
  undo.commit();
  EXPECT_EQ(pf->num_vfs, 4u);
  ASSERT_EQ(pf->vfs.size(), 4u);
  EXPECT_EQ(pf->vfs[3].device.address.str(), "0000:3b:02.3");
  EXPECT_EQ(pf->vfs[3].device.driver, "");  // unbound, ready for vfio-pci
  EXPECT_FALSE(pf->drivers_autoprobe);
  EXPECT_EQ(host.writes(), (std::vector<std::string>{"0000:3b:00.0/sriov_drivers_autoprobe <- 0",
                                                     "0000:3b:00.0/sriov_numvfs <- 4"}));
  EXPECT_EQ(progress,
            (std::vector<std::string>{"PF 0000:3b:00.0: sriov_drivers_autoprobe 1 -> 0",
                                      "PF 0000:3b:00.0: enabling 4 VFs (sriov_numvfs 0 -> 4)"}));
}

TEST(VfCount, ChangingACountGoesThroughZero) {
  HostFixture host;
  host.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "4");
  size_t start = host.sys.kernel().write_count();
  UndoLog undo;
  auto pf = set_vf_count(host.sysfs, {kX710, 2, std::nullopt}, undo);
  ASSERT_TRUE(pf) << pf.error().message;
  undo.commit();
  EXPECT_EQ(pf->vfs.size(), 2u);
  EXPECT_EQ(host.writes(start), (std::vector<std::string>{"0000:3b:00.0/sriov_numvfs <- 0",
                                                          "0000:3b:00.0/sriov_numvfs <- 2"}));
}

TEST(VfCount, SameCountWritesNothing) {
  HostFixture host;
  UndoLog undo;
  auto pf = set_vf_count(host.sysfs, {kX710, 0, std::nullopt}, undo);
  ASSERT_TRUE(pf) << pf.error().message;
  EXPECT_EQ(undo.size(), 0u);
  EXPECT_EQ(host.sys.kernel().write_count(), 0u);
}

TEST(VfCount, TooManyVfsIsRefusedBeforeWriting) {
  HostFixture host;
  UndoLog undo;
  auto pf = set_vf_count(host.sysfs, {kX710, 9, false}, undo);
  ASSERT_FALSE(pf);
  EXPECT_EQ(pf.error().code, ERANGE);
  EXPECT_EQ(pf.error().message,
            "PF 0000:3b:00.0 (enp59s0f0): 9 VFs is more than it supports (ERANGE, "
            "sriov_totalvfs is 8)");
  EXPECT_EQ(host.sys.kernel().write_count(), 0u);
}

TEST(VfCount, PfWithoutDriverIsExplained) {
  HostFixture host;
  host.echo("bus/pci/drivers/i40e/unbind", "0000:3b:00.0");
  size_t start = host.sys.kernel().write_count();
  UndoLog undo;
  auto pf = set_vf_count(host.sysfs, {kX710, 2, std::nullopt}, undo);
  ASSERT_FALSE(pf);
  EXPECT_EQ(pf.error().code, ENOENT);
  EXPECT_NE(pf.error().message.find("PF 0000:3b:00.0: SR-IOV cannot be configured via sysfs "
                                    "(ENOENT): no driver is bound to the PF"),
            std::string::npos)
      << pf.error().message;
  EXPECT_NE(pf.error().message.find("bind the PF to its host driver first"), std::string::npos);
  EXPECT_EQ(host.sys.kernel().write_count(), start);
}

TEST(VfCount, VfsInUseMakeTheRemovalFailWithTheFix) {
  HostFixture host;
  host.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "2");
  host.sys.kernel().set_in_use("0000:3b:02.1", true);
  UndoLog undo;
  auto pf = set_vf_count(host.sysfs, {kX710, 0, std::nullopt}, undo);
  ASSERT_FALSE(pf);
  EXPECT_EQ(pf.error().code, EBUSY);
  EXPECT_EQ(pf.error().message,
            "PF 0000:3b:00.0 (enp59s0f0): cannot remove its VFs (EBUSY): a VF is still in use by "
            "a VM or DPDK process; stop it and release the VF (nfvctl vf release), then retry");
}

TEST(VfCount, ExplainsDriverErrors) {
  PhysicalFunction pf;
  pf.device.address = kX710;
  pf.device.driver = "i40e";
  pf.device.netdevs = {"enp59s0f0"};
  pf.total_vfs = 8;
  EXPECT_EQ(explain_numvfs_error(pf, 4, EBUSY),
            "PF 0000:3b:00.0 (enp59s0f0): cannot set 4 VFs (EBUSY): VFs are already enabled; the "
            "count changes only through 0 (nfvctl vf create --count 0 first)");
  EXPECT_NE(explain_numvfs_error(pf, 4, ENOSPC).find("pci=realloc"), std::string::npos);
  EXPECT_NE(explain_numvfs_error(pf, 4, EPERM).find("mlxconfig SRIOV_EN=1"), std::string::npos);
  EXPECT_EQ(explain_numvfs_error(pf, 4, EIO),
            "PF 0000:3b:00.0 (enp59s0f0): the driver i40e failed to set 4 VFs: Input/output error "
            "(errno 5); see dmesg");
}

}  // namespace
}  // namespace nfv::sriov::testing
