#include "nfv/sriov/discovery.h"

#include <gtest/gtest.h>

#include "host_fixture.h"

namespace nfv::sriov::testing {
namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

TEST(Discovery, FindsThePfsOfTheTelcoProfile) {
  HostFixture host;
  auto pfs = discover_physical_functions(host.sysfs);
  ASSERT_TRUE(pfs) << pfs.error().message;
  ASSERT_EQ(pfs->size(), 2u);  // the GPU has no SR-IOV capability
  const PhysicalFunction& x710 = (*pfs)[0];
  EXPECT_EQ(x710.device.address.str(), "0000:3b:00.0");
  EXPECT_EQ(x710.device.vendor_device(), "8086:1572");
  EXPECT_EQ(x710.device.driver, "i40e");
  EXPECT_EQ(x710.netdev(), "enp59s0f0");
  EXPECT_EQ(x710.device.numa_node, 0);
  EXPECT_EQ(x710.device.iommu_group, 40u);
  EXPECT_EQ(x710.total_vfs, 8u);
  EXPECT_EQ(x710.num_vfs, 0u);
  EXPECT_EQ(x710.offset, 16u);
  EXPECT_EQ(x710.stride, 1u);
  EXPECT_EQ(x710.vf_device_id, 0x154c);
  EXPECT_TRUE(x710.drivers_autoprobe);
  EXPECT_TRUE(x710.vfs.empty());
  const PhysicalFunction& cx5 = (*pfs)[1];
  EXPECT_EQ(cx5.device.address.str(), "0000:af:00.0");
  EXPECT_EQ(cx5.device.numa_node, 1);
  EXPECT_EQ(cx5.total_vfs, 64u);
}

TEST(Discovery, ReadsVfsWithDriverGroupAndNode) {
  HostFixture host;
  host.echo("bus/pci/devices/0000:af:00.0/sriov_numvfs", "3");
  auto cx5 = read_physical_function(host.sysfs, addr("0000:af:00.0"));
  ASSERT_TRUE(cx5) << cx5.error().message;
  ASSERT_EQ(cx5->vfs.size(), 3u);
  const VirtualFunction& vf2 = cx5->vfs[2];
  EXPECT_EQ(vf2.index, 2u);
  EXPECT_EQ(vf2.device.address.str(), "0000:af:00.4");
  EXPECT_EQ(vf2.device.vendor_device(), "15b3:1018");
  EXPECT_EQ(vf2.device.driver, "mlx5_core");
  EXPECT_EQ(vf2.device.iommu_group, 2u);
  EXPECT_EQ(vf2.device.numa_node, 1);
  EXPECT_EQ(vf2.device.physfn, addr("0000:af:00.0"));
  EXPECT_EQ(vf2.device.netdevs, std::vector<std::string>{"enp175s0f0v2"});
  auto location = locate_vf(host.sysfs, addr("0000:af:00.4"));
  ASSERT_TRUE(location);
  EXPECT_EQ(location->pf, addr("0000:af:00.0"));
  EXPECT_EQ(location->index, 2u);
}

TEST(Discovery, ErrorsNameTheDeviceAndTheFix) {
  HostFixture host;
  auto not_pf = read_physical_function(host.sysfs, addr("0000:d8:00.0"));
  ASSERT_FALSE(not_pf);
  EXPECT_EQ(not_pf.error().message,
            "0000:d8:00.0 (10de:20b0) is not an SR-IOV physical function (no sriov_totalvfs > "
            "0); list PFs with `nfvctl vfs`");
  auto not_vf = locate_vf(host.sysfs, addr("0000:3b:00.0"));
  ASSERT_FALSE(not_vf);
  EXPECT_EQ(not_vf.error().message,
            "0000:3b:00.0 is not an SR-IOV VF (no physfn link); give a VF address, see `nfvctl "
            "vfs`");
}

}  // namespace
}  // namespace nfv::sriov::testing
