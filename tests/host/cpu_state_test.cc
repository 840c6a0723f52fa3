// CPU state from sysfs: present and online are required; isolated and nohz_full may be missing
// (a kernel without them) or "(null)" (none), and a missing file is named.
#include "nfv/host/cpu_state.h"

#include <gtest/gtest.h>

#include "nfv/host/iommu_group.h"
#include "nfv/host/pci_device.h"
#include "sysfs_tree.h"

namespace nfv::host {
namespace {

using testing::SysfsTree;

TEST(CpuState, ListsOfTheKernel) {
  SysfsTree tree;
  tree.cpus("0-7", "0-5", "2-5", "(null)");
  auto state = read_cpu_state(tree.sysfs());
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->present.size(), 8u);
  EXPECT_EQ(state->online, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(state->isolated, (std::vector<uint32_t>{2, 3, 4, 5}));
  EXPECT_EQ(state->nohz_full, std::vector<uint32_t>()) << "(null) is none";
}

TEST(CpuState, AKernelWithoutNohzFull) {
  SysfsTree tree;
  tree.cpus("0-1", "0-1", "", "-");
  auto state = read_cpu_state(tree.sysfs());
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->isolated, std::vector<uint32_t>());
  EXPECT_EQ(state->nohz_full, std::nullopt);
}

TEST(CpuState, MissingOnlineIsNamed) {
  SysfsTree tree;
  tree.write("devices/system/cpu/present", "0-1");
  auto state = read_cpu_state(tree.sysfs());
  ASSERT_FALSE(state);
  EXPECT_NE(state.error().message.find("devices/system/cpu/online"), std::string::npos)
      << state.error().message;
}

TEST(IommuGroups, NoneWhenTheIommuIsOff) {
  SysfsTree tree;
  auto none = read_iommu_group_ids(tree.sysfs());
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->empty());
  tree.pci_device("0000:3b:00.0", "8086", "1572", "020000", "0", "i40e");
  tree.pci_device("0000:3b:00.1", "8086", "1572", "020000", "0", "i40e");
  tree.iommu_group(12, "0000:3b:00.0");
  tree.iommu_group(3, "0000:3b:00.1");
  auto groups = read_iommu_group_ids(tree.sysfs());
  ASSERT_TRUE(groups) << groups.error().message;
  EXPECT_EQ(*groups, (std::vector<unsigned>{3, 12}));
}

TEST(PciDriverLoaded, RegisteredOrItsModule) {
  SysfsTree tree;
  EXPECT_FALSE(pci_driver_loaded(tree.sysfs(), "vfio-pci"));
  tree.write("module/vfio_pci/refcnt", "0");
  EXPECT_TRUE(pci_driver_loaded(tree.sysfs(), "vfio-pci")) << "module names use '_'";
  SysfsTree registered;
  registered.write("bus/pci/drivers/vfio-pci/new_id", "");
  EXPECT_TRUE(pci_driver_loaded(registered.sysfs(), "vfio-pci"));
}

}  // namespace
}  // namespace nfv::host
