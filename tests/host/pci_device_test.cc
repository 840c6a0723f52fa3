// PCI functions from a sysfs tree built by the test: ids, NUMA node (-1 is unknown), driver,
// IOMMU group, netdevs, and the SR-IOV facts of a PF with VFs (capability, virtfn and physfn).
#include "nfv/host/pci_device.h"

#include <gtest/gtest.h>

#include "nfv/host/iommu_group.h"
#include "nfv/host/sriov_capability.h"
#include "sysfs_tree.h"

namespace nfv::host {
namespace {

using testing::SysfsTree;

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

// An X710 PF on node 0 with VFs 0 and 10 enabled (offset 16, stride 1), in IOMMU group 40 with
// a bridge; each VF in its own group.
void x710_with_vfs(SysfsTree& tree) {
  tree.pci_device("0000:3b:00.0", "8086", "1572", "020000", "0", "i40e");
  tree.write(SysfsTree::device_dir("0000:3b:00.0") + "/net/enp59s0f0/mtu", "1500");
  const std::pair<const char*, const char*> sriov[] = {
      {"sriov_totalvfs", "64"}, {"sriov_numvfs", "11"},      {"sriov_offset", "16"},
      {"sriov_stride", "1"},    {"sriov_vf_device", "154c"}, {"sriov_drivers_autoprobe", "0"}};
  for (const auto& [attribute, value] : sriov) {
    tree.write(SysfsTree::device_dir("0000:3b:00.0") + "/" + attribute, value);
  }
  tree.pci_device("0000:3a:00.0", "8086", "2030", "060400", "0", "pcieport");
  tree.iommu_group(40, "0000:3b:00.0");
  tree.iommu_group(40, "0000:3a:00.0");
  tree.pci_device("0000:3b:02.0", "8086", "154c", "020000", "0", "vfio-pci");
  tree.write(SysfsTree::device_dir("0000:3b:02.0") + "/driver_override", "vfio-pci");
  tree.pci_device("0000:3b:03.2", "8086", "154c", "020000", "0", "");
  tree.virtfn("0000:3b:00.0", 0, "0000:3b:02.0");
  tree.virtfn("0000:3b:00.0", 10, "0000:3b:03.2");
  tree.iommu_group(41, "0000:3b:02.0");
  tree.iommu_group(42, "0000:3b:03.2");
}

TEST(PciDevice, WholeDeviceAndUnknownNode) {
  SysfsTree tree;
  tree.pci_device("0000:d8:00.0", "10de", "20b0", "030200", "-1", "nvidia");
  tree.iommu_group(90, "0000:d8:00.0");
  auto gpu = read_pci_device(tree.sysfs(), addr("0000:d8:00.0"));
  ASSERT_TRUE(gpu) << gpu.error().message;
  EXPECT_EQ(gpu->vendor_device(), "10de:20b0");
  EXPECT_EQ(gpu->class_code, 0x030200u);
  EXPECT_EQ(gpu->numa_node, std::nullopt);  // -1 is "unknown", not node 0
  EXPECT_EQ(node_label(gpu->numa_node), "-");
  EXPECT_EQ(gpu->driver, "nvidia");
  EXPECT_EQ(gpu->iommu_group, 90u);
  EXPECT_FALSE(gpu->physfn);
}

TEST(PciDevice, MissingDeviceNamesTheFix) {
  SysfsTree tree;
  auto missing = read_pci_device(tree.sysfs(), addr("0000:01:00.0"));
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("PCI device 0000:01:00.0 not found under "),
            std::string::npos);
  EXPECT_NE(missing.error().message.find("lspci -D"), std::string::npos);
}

TEST(PciDevice, PhysicalFunction) {
  SysfsTree tree;
  x710_with_vfs(tree);
  auto pf = read_pci_device(tree.sysfs(), addr("0000:3b:00.0"));
  ASSERT_TRUE(pf) << pf.error().message;
  EXPECT_EQ(pf->vendor_device(), "8086:1572");
  EXPECT_EQ(pf->numa_node, 0);
  EXPECT_EQ(node_label(pf->numa_node), "0");
  EXPECT_EQ(pf->driver, "i40e");
  EXPECT_EQ(pf->driver_override, "");  // "(null)"
  EXPECT_EQ(pf->iommu_group, 40u);
  EXPECT_EQ(pf->netdevs, std::vector<std::string>{"enp59s0f0"});
  EXPECT_FALSE(pf->physfn);
  EXPECT_FALSE(pf->is_bridge());
}

TEST(PciDevice, VirtualFunctions) {
  SysfsTree tree;
  x710_with_vfs(tree);
  auto bound = read_pci_device(tree.sysfs(), addr("0000:3b:02.0"));
  ASSERT_TRUE(bound) << bound.error().message;
  EXPECT_EQ(bound->physfn, addr("0000:3b:00.0"));
  EXPECT_EQ(bound->driver, "vfio-pci");
  EXPECT_EQ(bound->driver_override, "vfio-pci");
  EXPECT_EQ(bound->iommu_group, 41u);
  auto unbound = read_pci_device(tree.sysfs(), addr("0000:3b:03.2"));
  ASSERT_TRUE(unbound) << unbound.error().message;
  EXPECT_EQ(unbound->driver, "");
  EXPECT_TRUE(unbound->netdevs.empty());
  EXPECT_EQ(read_physfn(tree.sysfs(), addr("0000:3b:03.2"))->value(), addr("0000:3b:00.0"));
  EXPECT_EQ(*read_physfn(tree.sysfs(), addr("0000:3b:00.0")), std::nullopt);
}

TEST(SriovCapability, OfAPf) {
  SysfsTree tree;
  x710_with_vfs(tree);
  auto sriov = read_sriov_capability(tree.sysfs(), addr("0000:3b:00.0"));
  ASSERT_TRUE(sriov) << sriov.error().message;
  EXPECT_EQ(sriov->total_vfs, 64u);
  EXPECT_EQ(sriov->num_vfs, 11u);
  EXPECT_EQ(sriov->offset, 16u);
  EXPECT_EQ(sriov->stride, 1u);
  EXPECT_EQ(sriov->vf_device_id, 0x154c);
  EXPECT_FALSE(sriov->drivers_autoprobe);
  EXPECT_EQ(*read_sriov_total_vfs(tree.sysfs(), addr("0000:3b:00.0")), 64u);
  EXPECT_EQ(*read_sriov_total_vfs(tree.sysfs(), addr("0000:3a:00.0")), 0u) << "no capability";
}

TEST(SriovCapability, MissingAttributeIsNamed) {
  SysfsTree tree;
  tree.pci_device("0000:af:00.0", "15b3", "1017", "020000", "1", "mlx5_core");
  tree.write(SysfsTree::device_dir("0000:af:00.0") + "/sriov_totalvfs", "8");
  auto sriov = read_sriov_capability(tree.sysfs(), addr("0000:af:00.0"));
  ASSERT_FALSE(sriov);
  EXPECT_NE(sriov.error().message.find("0000:af:00.0/sriov_numvfs"), std::string::npos)
      << sriov.error().message;
  tree.write(SysfsTree::device_dir("0000:af:00.0") + "/sriov_totalvfs", "lots");
  auto total = read_sriov_total_vfs(tree.sysfs(), addr("0000:af:00.0"));
  ASSERT_FALSE(total);
  EXPECT_EQ(total.error().message, "sriov_totalvfs of 0000:af:00.0: 'lots' is not a number");
}

TEST(SriovCapability, VirtfnLinksInIndexOrder) {
  SysfsTree tree;
  x710_with_vfs(tree);  // "virtfn10" sorts before "virtfn2" as a name, not as an index
  tree.pci_device("0000:3b:02.2", "8086", "154c", "020000", "0", "iavf");
  tree.virtfn("0000:3b:00.0", 2, "0000:3b:02.2");
  auto links = read_virtfn_links(tree.sysfs(), addr("0000:3b:00.0"));
  ASSERT_TRUE(links) << links.error().message;
  ASSERT_EQ(links->size(), 3u);
  EXPECT_EQ((*links)[0], (VirtfnLink{0, addr("0000:3b:02.0")}));
  EXPECT_EQ((*links)[1], (VirtfnLink{2, addr("0000:3b:02.2")}));
  EXPECT_EQ((*links)[2], (VirtfnLink{10, addr("0000:3b:03.2")}));
}

TEST(IommuGroup, DevicesOfAGroup) {
  SysfsTree tree;
  x710_with_vfs(tree);
  auto devices = read_iommu_group_devices(tree.sysfs(), 40);
  ASSERT_TRUE(devices) << devices.error().message;
  EXPECT_EQ(*devices, (std::vector<PciAddress>{addr("0000:3a:00.0"), addr("0000:3b:00.0")}));
  EXPECT_EQ(*read_iommu_group(tree.sysfs(), addr("0000:3b:03.2")), 42u);
  EXPECT_TRUE(read_pci_device(tree.sysfs(), addr("0000:3a:00.0"))->is_bridge());
  EXPECT_FALSE(read_iommu_group_devices(tree.sysfs(), 7));
}

TEST(IommuGroup, NoneWithoutAnIommu) {
  SysfsTree tree;
  tree.pci_device("0000:00:03.0", "1af4", "1041", "020000", "-1", "virtio-pci");
  EXPECT_EQ(*read_iommu_group(tree.sysfs(), addr("0000:00:03.0")), std::nullopt);
  auto device = read_pci_device(tree.sysfs(), addr("0000:00:03.0"));
  ASSERT_TRUE(device) << device.error().message;
  EXPECT_EQ(device->iommu_group, std::nullopt);
}

}  // namespace
}  // namespace nfv::host
