// The kernel VFIO adapter where there is no VFIO: every path must end in an error that names the
// kernel parameters, never in a silent fallback.
#include "nfv/sriov/vfio.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "temp_dir.h"

namespace nfv::sriov {
namespace {

namespace fs = std::filesystem;

class KernelVfioTest : public ::testing::Test {
 protected:
  testing::TempDir temp{"nfv-dev"};
  fs::path dev = temp.path();
};

TEST_F(KernelVfioTest, MissingContainerNamesTheFix) {
  KernelVfioGroups vfio(dev);
  Status available = vfio.check_available();
  ASSERT_FALSE(available);
  EXPECT_EQ(available.error().code, ENOENT);
  EXPECT_EQ(available.error().message,
            "VFIO is not available: " + (dev / "vfio/vfio").string() +
                " is missing (vfio-pci not loaded or no IOMMU); add intel_iommu=on iommu=pt "
                "(Intel) or amd_iommu=on (AMD) to the kernel command line, reboot, then run "
                "`modprobe vfio-pci`");
}

TEST_F(KernelVfioTest, MissingGroupNodeAndNoIommuMode) {
  fs::create_directories(dev / "vfio");
  KernelVfioGroups vfio(dev);
  auto missing = vfio.group_status(40);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("IOMMU group 40 has no VFIO device node"),
            std::string::npos);
  std::ofstream(dev / "vfio/noiommu-40") << "";
  auto noiommu = vfio.group_status(40);
  ASSERT_FALSE(noiommu);
  EXPECT_NE(noiommu.error().message.find("exists only in the unsafe no-IOMMU mode "
                                         "(vfio.enable_unsafe_noiommu_mode=1): no DMA isolation, "
                                         "refused"),
            std::string::npos);
}

TEST_F(KernelVfioTest, FilesThatAreNotVfioDevicesAreRejected) {
  fs::create_directories(dev / "vfio");
  std::ofstream(dev / "vfio/vfio") << "";
  std::ofstream(dev / "vfio/40") << "";
  KernelVfioGroups vfio(dev);
  Status container = vfio.check_available();
  ASSERT_FALSE(container);
  EXPECT_EQ(container.error().message, (dev / "vfio/vfio").string() +
                                           " is not a VFIO container (VFIO_GET_API_VERSION: "
                                           "Inappropriate ioctl for device)");
  auto group = vfio.group_status(40);
  ASSERT_FALSE(group);
  EXPECT_EQ(group.error().code, ENOTTY);
}

TEST(GroupNotViable, NamesTheDevicesUnderTheConfiguredSysfsRoot) {
  // A group that is not viable cannot be made in a test (the ioctl needs a real VFIO group): the
  // message is built on its own, and must point at the sysfs root in use, not always /sys.
  Error error = group_not_viable_error("/tmp/fake-sys", 40);
  EXPECT_EQ(error.message,
            "the kernel reports IOMMU group 40 not viable (VFIO_GROUP_GET_STATUS): a device of "
            "the group is bound to a host driver; list them with `ls -l "
            "/tmp/fake-sys/kernel/iommu_groups/40/devices/*/driver`, unbind them or bind them to "
            "vfio-pci");
  EXPECT_NE(group_not_viable_error("/sys", 7).message.find("`ls -l /sys/kernel/iommu_groups/7/"),
            std::string::npos);
}

}  // namespace
}  // namespace nfv::sriov
