#include "nfv/sriov/driver_binding.h"

#include <gtest/gtest.h>

#include "host_fixture.h"
#include "nfv/sriov/iommu_group.h"
#include "nfv/sriov/pci.h"

namespace nfv::sriov::testing {
namespace {

TEST(DriverBinding, VfGoesFromIavfToVfioPciByTheRecommendedSequence) {
  HostFixture host;
  host.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "1");  // autoprobe 1: on iavf
  size_t start = host.sys.kernel().write_count();
  auto before = host.sys.snapshot();
  UndoLog undo;
  Status bound = bind_to_vfio_pci(host.sysfs, kVf0, undo);
  ASSERT_TRUE(bound) << bound.error().message;
  EXPECT_EQ(host.writes(start),
            (std::vector<std::string>{"0000:3b:02.0/driver_override <- vfio-pci",
                                      "drivers/iavf/unbind <- 0000:3b:02.0",
                                      "drivers_probe <- 0000:3b:02.0"}));
  EXPECT_EQ(host.driver_of(kVf0), "vfio-pci");
  EXPECT_EQ(read_pci_device(host.sysfs, kVf0)->driver_override, "vfio-pci");
  EXPECT_EQ(undo.size(), 3u);
  ASSERT_TRUE(undo.rollback());
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
  EXPECT_EQ(host.driver_of(kVf0), "iavf");
}

TEST(DriverBinding, GivesBackToTheRecordedHostDriver) {
  HostFixture host;
  UndoLog undo;
  auto before = host.sys.snapshot();
  ASSERT_TRUE(bind_to_vfio_pci(host.sysfs, kGpu, undo));
  undo.commit();
  size_t start = host.sys.kernel().write_count();
  ASSERT_TRUE(return_from_vfio_pci(host.sysfs, kGpu, "nvidia", undo));
  undo.commit();
  EXPECT_EQ(host.writes(start),
            (std::vector<std::string>{
                "0000:d8:00.0/driver_override <- nvidia", "drivers/vfio-pci/unbind <- 0000:d8:00.0",
                "drivers_probe <- 0000:d8:00.0", "0000:d8:00.0/driver_override <- \\n"}));
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
}

TEST(DriverBinding, AVfThatWasUnboundIsLeftUnbound) {
  HostFixture host;
  host.echo("bus/pci/devices/0000:3b:00.0/sriov_drivers_autoprobe", "0");
  host.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "1");
  auto before = host.sys.snapshot();
  UndoLog undo;
  ASSERT_TRUE(bind_to_vfio_pci(host.sysfs, kVf0, undo));
  undo.commit();
  ASSERT_TRUE(return_from_vfio_pci(host.sysfs, kVf0, "", undo));
  undo.commit();
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
}

TEST(DriverBinding, AProbeThatDoesNotBindIsCaught) {
  HostFixture host;
  // No IOMMU group: vfio-pci's probe fails and drivers_probe still reports success.
  std::filesystem::remove(host.sys.backing() / "devices/pci0000:80/0000:d8:00.0/iommu_group");
  auto before = host.sys.snapshot();
  UndoLog undo;
  Status bound = bind_to_vfio_pci(host.sysfs, kGpu, undo);
  ASSERT_FALSE(bound);
  EXPECT_EQ(bound.error().message,
            "0000:d8:00.0 is on no driver after drivers_probe, expected vfio-pci; vfio-pci refused "
            "the device: check `dmesg | grep vfio` and that the IOMMU is on");
  ASSERT_TRUE(undo.rollback());
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
}

TEST(DriverBinding, VfioPciMustBeLoaded) {
  HostFixture host;
  EXPECT_TRUE(check_vfio_pci_loaded(host.sysfs));
  std::filesystem::remove_all(host.sys.backing() / "bus/pci/drivers/vfio-pci");
  Status loaded = check_vfio_pci_loaded(host.sysfs);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("vfio-pci is not loaded ("), std::string::npos);
  EXPECT_NE(loaded.error().message.find("run `modprobe vfio-pci`"), std::string::npos);
  EXPECT_NE(loaded.error().message.find("intel_iommu=on iommu=pt"), std::string::npos);
}

TEST(IommuGroup, GroupOfADeviceOrTheKernelParameters) {
  HostFixture host;
  EXPECT_EQ(*iommu_group_of(host.sysfs, kGpu), 90u);
  std::filesystem::remove(host.sys.backing() / "devices/pci0000:80/0000:d8:00.0/iommu_group");
  auto group = iommu_group_of(host.sysfs, kGpu);
  ASSERT_FALSE(group);
  EXPECT_EQ(group.error().message,
            "0000:d8:00.0 has no IOMMU group: the IOMMU is off, so VFIO cannot isolate it; add "
            "intel_iommu=on iommu=pt (Intel) or amd_iommu=on (AMD) to the kernel command line, "
            "reboot, then run `modprobe vfio-pci`");
}

TEST(IommuGroup, SharedGroupIsNotViableWhileHostDriversHoldIt) {
  HostFixture host("shared-group");
  host.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "1");
  auto viability = check_group_viability(host.sysfs, 40);
  ASSERT_TRUE(viability) << viability.error().message;
  EXPECT_FALSE(viability->viable());
  EXPECT_EQ(viability->members.size(), 3u);
  ASSERT_EQ(viability->blockers.size(), 3u);  // the PF (i40e), the USB controller, the VF (iavf)
  EXPECT_EQ(viability->blockers[2].driver, "iavf");
  // Asked before binding the VF: the VF will be on vfio-pci, the other two still block.
  auto without_vf = check_group_viability(host.sysfs, 40, {kVf0});
  ASSERT_TRUE(without_vf);
  EXPECT_EQ(without_vf->blockers.size(), 2u);
  EXPECT_EQ(without_vf->explain(),
            "IOMMU group 40 is not viable for VFIO: 0000:3b:00.0 is bound to i40e, 0000:3b:00.3 "
            "is bound to xhci_hcd; every device of a group must be on vfio-pci or unbound, so "
            "unbind those devices or bind them to vfio-pci too (or use a slot whose bridge has "
            "ACS, giving the device its own group)");
}

TEST(IommuGroup, OwnGroupsAreViableAndCompatibleDriversCount) {
  HostFixture host;
  auto gpu_group = check_group_viability(host.sysfs, 90, {kGpu});
  ASSERT_TRUE(gpu_group);
  EXPECT_TRUE(gpu_group->viable());
  EXPECT_EQ(gpu_group->explain(), "IOMMU group 90 is viable for VFIO");
  EXPECT_FALSE(check_group_viability(host.sysfs, 90)->viable());  // nvidia still has it
  EXPECT_TRUE(is_vfio_compatible_driver(""));
  EXPECT_TRUE(is_vfio_compatible_driver("vfio-pci"));
  EXPECT_TRUE(is_vfio_compatible_driver("pci-stub"));
  EXPECT_TRUE(is_vfio_compatible_driver("mlx5_vfio_pci"));
  EXPECT_FALSE(is_vfio_compatible_driver("i40e"));
  auto missing = check_group_viability(host.sysfs, 7);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("IOMMU group 7 not found"), std::string::npos);
}

}  // namespace
}  // namespace nfv::sriov::testing
