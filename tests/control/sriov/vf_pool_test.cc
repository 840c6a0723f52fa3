#include "nfv/sriov/vf_pool.h"

#include <gtest/gtest.h>

namespace nfv::sriov {
namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

PhysicalFunction pf(const char* address, int node, uint16_t vendor, uint16_t vf_device,
                    std::vector<std::pair<const char*, const char*>> vfs) {
  PhysicalFunction p;
  p.device.address = addr(address);
  p.device.numa_node = node;
  p.device.vendor = vendor;
  p.device.netdevs = {"pf" + std::to_string(node)};
  p.vf_device_id = vf_device;
  unsigned index = 0;
  for (const auto& [vf, driver] : vfs) {
    VirtualFunction v;
    v.index = index++;
    v.device.address = addr(vf);
    v.device.driver = driver;
    p.vfs.push_back(v);
  }
  return p;
}

std::vector<PhysicalFunction> host() {
  return {
      pf("0000:af:00.0", 1, 0x15b3, 0x1018, {{"0000:af:00.2", ""}, {"0000:af:00.3", ""}}),
      pf("0000:3b:00.0", 0, 0x8086, 0x154c,
         {{"0000:3b:02.0", "vfio-pci"}, {"0000:3b:02.1", "vfio-pci"}, {"0000:3b:02.2", "iavf"}}),
      pf("0000:5e:00.0", 0, 0x8086, 0x154c, {})};
}

Allocation ours(const char* vf) {
  Allocation a;
  a.device = addr(vf);
  a.owner = "vm";
  return a;
}

TEST(VfPool, GroupsByPfAndSortsFreeAllocatedAndForeign) {
  auto pools = build_pools(host(), {ours("0000:3b:02.0")});
  ASSERT_EQ(pools.size(), 2u);  // the PF without VFs has no pool
  EXPECT_EQ(pools[0].pf, addr("0000:3b:00.0"));
  EXPECT_EQ(pools[0].numa_node, 0);
  EXPECT_EQ(pools[0].vendor_device, "8086:154c");
  EXPECT_EQ(pools[0].allocated, std::vector<PciAddress>{addr("0000:3b:02.0")});
  EXPECT_EQ(pools[0].busy, 1u);  // 02.1 on vfio-pci without a record: someone else's
  EXPECT_EQ(pools[0].free, std::vector<PciAddress>{addr("0000:3b:02.2")});
  EXPECT_EQ(pools[1].free.size(), 2u);
}

TEST(VfPool, PrefersTheRequestedNode) {
  auto pools = build_pools(host(), {});
  auto choice = choose_vf(pools, {0, std::nullopt, std::nullopt, false});
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->vf, addr("0000:3b:02.2"));
  EXPECT_TRUE(choice->on_requested_node);
  EXPECT_EQ(choice->note, "VF on node 0, as requested");
  choice = choose_vf(pools, {1, std::nullopt, std::nullopt, false});
  EXPECT_EQ(choice->vf, addr("0000:af:00.2"));
}

TEST(VfPool, CrossesNodesOnlyWhenAllowedAndSaysSo) {
  auto pools = build_pools(host(), {});
  VfRequest mellanox_on_0{0, std::string("15b3:1018"), std::nullopt, false};
  auto choice = choose_vf(pools, mellanox_on_0);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->vf, addr("0000:af:00.2"));
  EXPECT_FALSE(choice->on_requested_node);
  EXPECT_EQ(choice->note,
            "no free 15b3:1018 VF on node 0; took one on node 1: its traffic crosses the NUMA "
            "interconnect");
  mellanox_on_0.node_required = true;
  EXPECT_EQ(choose_vf(pools, mellanox_on_0).error().message,
            "no free 15b3:1018 VF on node 0 (other nodes have some; allow crossing nodes); create "
            "more with `nfvctl vf create --pf PF --count N` or release one");
}

TEST(VfPool, FiltersByPfAndReportsExhaustion) {
  auto pools = build_pools(host(), {ours("0000:3b:02.2")});
  VfRequest on_x710{std::nullopt, std::nullopt, addr("0000:3b:00.0"), false};
  EXPECT_EQ(choose_vf(pools, on_x710).error().message,
            "no free VF on PF 0000:3b:00.0; create VFs with `nfvctl vf create --pf PF --count N` "
            "or release one");
  auto any = choose_vf(pools, {});
  ASSERT_TRUE(any);
  EXPECT_EQ(any->note, "first free VF (no node requested)");
}

}  // namespace
}  // namespace nfv::sriov
