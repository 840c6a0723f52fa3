// VFs on the recorded DGX-2: created beside their PF as the kernel does, with config space,
// NUMA node and IOMMU group by ACS, bound to vfio-pci with their GUIDs set over rtnetlink.
#include <gtest/gtest.h>

#include "config_space.h"
#include "dgx2_profile.h"
#include "host_fixture.h"

namespace nfv::sriov::testing {
namespace {

namespace fs = std::filesystem;

constexpr uint16_t kAts = 0x000f, kSriov = 0x0010;

fs::path device_dir(HostFixture& host, const PciAddress& device) {
  return fs::canonical(host.sys.root() / "bus/pci/devices" / device.str());
}

TEST(RecordedProfileVfs, VfsOfIb0AppearBesideTheirPfWithConfigNodeAndOwnGroup) {
  HostFixture host("dgx2");
  VfManager manager = host.manager();
  auto pf = manager.create_vfs({dgx2::kNic, 2, false});
  ASSERT_TRUE(pf) << pf.error().message;
  ASSERT_EQ(pf->vfs.size(), 2u);
  EXPECT_EQ(host.netlink.link(dgx2::kNicNetdev).vfs.size(), 2u);

  fs::path vf = device_dir(host, dgx2::kNicVf0);
  EXPECT_EQ(vf.parent_path(), device_dir(host, dgx2::kNic).parent_path());
  EXPECT_EQ(vf.parent_path().filename(), dgx2::kNicPort.str());
  auto device = read_pci_device(host.sysfs, dgx2::kNicVf0);
  ASSERT_TRUE(device) << device.error().message;
  EXPECT_EQ(device->vendor_device(), "15b3:1018");
  EXPECT_EQ(device->numa_node, 0);
  EXPECT_EQ(device->physfn, dgx2::kNic);
  EXPECT_EQ(device->driver, "");  // autoprobe off: ready for vfio-pci

  ConfigSpace space = ConfigSpace::read(vf / "config");
  EXPECT_EQ(space.u16(0x02), 0x1018u);
  auto ats = space.extended(kAts);
  ASSERT_TRUE(ats);
  EXPECT_EQ(space.u16(*ats + 6) & 0x8000u, 0x8000u);
  EXPECT_FALSE(space.extended(kSriov));

  auto pf_device = read_pci_device(host.sysfs, dgx2::kNic);
  auto vf1 = read_pci_device(host.sysfs, dgx2::kNicVf1);
  ASSERT_TRUE(pf_device && vf1);
  EXPECT_NE(device->iommu_group, pf_device->iommu_group);
  EXPECT_NE(device->iommu_group, vf1->iommu_group);
}

TEST(RecordedProfileVfs, AVfOfIb0BindsToVfioPciWithItsGuidsSet) {
  HostFixture host("dgx2");
  VfManager manager = host.manager();
  ASSERT_TRUE(manager.create_vfs({dgx2::kNic, 4, false}));
  VfSettings settings;
  settings.node_guid = 0x0011223344556677;
  settings.port_guid = 0x8899aabbccddeeff;
  auto allocation = manager.bind({dgx2::kNicVf1, "trainer-0", Purpose::kGuest, settings});
  ASSERT_TRUE(allocation) << allocation.error().message;
  EXPECT_EQ(allocation->pf, dgx2::kNic);
  EXPECT_EQ(allocation->vf_index, 1u);
  EXPECT_EQ(allocation->numa_node, 0);
  EXPECT_EQ(host.driver_of(dgx2::kNicVf1), "vfio-pci");

  const VfState& vf1 = host.netlink.link(dgx2::kNicNetdev).vfs[1];
  EXPECT_EQ(vf1.node_guid, 0x0011223344556677u);
  EXPECT_EQ(vf1.port_guid, 0x8899aabbccddeeffu);
  auto reported = manager.vf_state(dgx2::kNicVf1);
  ASSERT_TRUE(reported) << reported.error().message;
  EXPECT_EQ(reported->node_guid, 0x0011223344556677u);
  EXPECT_EQ(reported->port_guid, 0x8899aabbccddeeffu);
  EXPECT_FALSE(host.netlink.link(dgx2::kNicNetdev).vfs[0].node_guid.value_or(0));

  auto released = manager.release(dgx2::kNicVf1);
  ASSERT_TRUE(released) << released.error().message;
  ASSERT_TRUE(manager.create_vfs({dgx2::kNic, 0, std::nullopt}));
  EXPECT_TRUE(host.netlink.link(dgx2::kNicNetdev).vfs.empty());
  EXPECT_FALSE(fs::exists(host.sys.root() / "bus/pci/devices" / dgx2::kNicVf0.str()));
}

TEST(RecordedProfileVfs, WithoutAcsAboveThePfItsVfsShareThePfsGroup) {
  HostFixture host("dgx2-acs-off");
  VfManager manager = host.manager();
  ASSERT_TRUE(manager.create_vfs({dgx2::kNic, 2, false}));
  auto pf = read_pci_device(host.sysfs, dgx2::kNic);
  auto vf = read_pci_device(host.sysfs, dgx2::kNicVf0);
  auto gpu = read_pci_device(host.sysfs, dgx2::kGpu);
  ASSERT_TRUE(pf && vf && gpu);
  EXPECT_EQ(vf->iommu_group, pf->iommu_group);
  EXPECT_NE(vf->iommu_group, gpu->iommu_group);
  // Its PF stays on mlx5_core: the VF cannot go to vfio-pci alone.
  auto bound = manager.bind({dgx2::kNicVf0, "trainer-0", Purpose::kGuest, {}});
  EXPECT_FALSE(bound);
}

TEST(RecordedProfileVfs, DualSocketIntelPfMakesVfsOnTheVfDriversIds) {
  HostFixture host("dual-socket");
  VfManager manager = host.manager();
  auto pf = manager.create_vfs({dual_socket::kNic, 2, true});
  ASSERT_TRUE(pf) << pf.error().message;
  ASSERT_EQ(pf->vfs.size(), 2u);
  auto vf = read_pci_device(host.sysfs, pf->vfs[0].device.address);
  ASSERT_TRUE(vf) << vf.error().message;
  EXPECT_EQ(vf->vendor_device(), "8086:10ca");
  EXPECT_EQ(vf->driver, "igbvf");
  EXPECT_EQ(vf->numa_node, 0);
}

}  // namespace
}  // namespace nfv::sriov::testing
