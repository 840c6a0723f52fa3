// PCIe classes as `nvidia-smi topo -m` names them, on recorded machines whose PCIe trees are
// known: the DGX-2 (GPU pairs and a NIC behind each PCIe switch), dual-socket servers, a VM.
#include "nfv/topology/pcie_distance.h"

#include <gtest/gtest.h>

#include "fixtures.h"

namespace nfv::topology {
namespace {

using testing::fixture;

PcieClass between(const Topology& topology, const char* a, const char* b) {
  const PciDevice* first = topology.find_device(a);
  const PciDevice* second = topology.find_device(b);
  EXPECT_NE(first, nullptr) << a;
  EXPECT_NE(second, nullptr) << b;
  if (first == nullptr || second == nullptr) return PcieClass::kSys;
  return pcie_distance(*first, *second);
}

TEST(PcieDistance, Dgx2GpuAndItsNicShareASwitch) {
  const Topology& dgx = fixture("nvidiaDGX2-with-nics.xml");
  EXPECT_EQ(between(dgx, "nvml0", "ib0"), PcieClass::kPix);  // same PLX switch
  EXPECT_EQ(between(dgx, "nvml0", "nvml1"), PcieClass::kPix);
  EXPECT_EQ(between(dgx, "nvml0", "nvml2"), PcieClass::kPxb);  // sibling switch, same tree
  EXPECT_EQ(between(dgx, "nvml0", "ib1"), PcieClass::kPxb);
  EXPECT_EQ(between(dgx, "nvml0", "nvml4"), PcieClass::kNode);  // other host bridge, socket 0
  EXPECT_EQ(between(dgx, "nvml0", "ib2"), PcieClass::kNode);
  EXPECT_EQ(between(dgx, "nvml0", "nvml8"), PcieClass::kSys);  // socket 1
  EXPECT_EQ(between(dgx, "ib7", "nvml15"), PcieClass::kPix);
  EXPECT_EQ(between(dgx, "ib0", "ib4"), PcieClass::kSys);
}

TEST(PcieDistance, DualSocketServers) {
  const Topology& vic = fixture("16intel64-manyVFs.xml");
  EXPECT_EQ(between(vic, "eth4", "eth6"), PcieClass::kSys);
  EXPECT_EQ(between(vic, "eth4", "eth5"), PcieClass::kPix);  // the VIC's own switch
  EXPECT_EQ(between(vic, "eth0", "eth4"), PcieClass::kPhb);
  EXPECT_EQ(between(vic, "eth0", "eth1"), PcieClass::kPix);  // two ports of one card

  const Topology& old = fixture("24em64t-2n6c2t-pci.xml");
  EXPECT_EQ(between(old, "eth0", "eth2"), PcieClass::kPhb);  // two root ports
  EXPECT_EQ(between(old, "eth0", "0000:14:00.0"), PcieClass::kSys);
  EXPECT_EQ(between(old, "0000:14:00.0", "0000:11:00.0"), PcieClass::kPhb);

  const Topology& four = fixture("96em64t-4n4d3ca2co-pci.xml");
  EXPECT_EQ(between(four, "eth0", "eth2"), PcieClass::kSys);
}

TEST(PcieDistance, ClusterOnDieAndVm) {
  // Both NICs are local to nodes 0 and 1, behind two root ports of one host bridge.
  const Topology& cod = fixture("28intel64-2p2g7c-CoD.nogroups.v1tov2.xml");
  EXPECT_EQ(between(cod, "enp6s0", "enp12s0"), PcieClass::kPhb);
  const Topology& vm = fixture("this-vm.xml");
  EXPECT_EQ(between(vm, "vda", "eth0"), PcieClass::kPhb);  // both on the root bus
}

TEST(PcieDistance, SymmetricAndSelfIsClosest) {
  for (const char* file : {"nvidiaDGX2-with-nics.xml", "32em64t-2n8c2t-pci-wholeio.xml",
                           "192em64t-12gr2n8c2t.xml", "16intel64-manyVFs.xml"}) {
    const Topology& topology = fixture(file);
    for (const auto& a : topology.pci_devices) {
      EXPECT_EQ(pcie_distance(a, a), PcieClass::kPix) << file << " " << a.bdf;
      for (const auto& b : topology.pci_devices) {
        EXPECT_EQ(pcie_distance(a, b), pcie_distance(b, a)) << file << " " << a.bdf << " " << b.bdf;
      }
    }
  }
}

// Hand-built paths: the rules without hwloc.
PciDevice device_at(uint32_t bus, uint32_t dev, std::vector<uint64_t> hops,
                    std::vector<uint32_t> nodes) {
  PciDevice device;
  device.bus = bus;
  device.dev = dev;
  for (size_t i = 0; i < hops.size(); ++i) device.pcie_path.push_back({hops[i], "", i == 0});
  device.numa_nodes = std::move(nodes);
  return device;
}

TEST(PcieDistance, RulesOnHandBuiltPaths) {
  PciDevice gpu = device_at(4, 0, {1, 10, 11, 12}, {0});
  PciDevice nic = device_at(5, 0, {1, 10, 11, 13}, {0});      // sibling downstream port
  PciDevice far = device_at(9, 0, {1, 10, 20, 21, 22}, {0});  // another switch below 10
  PciDevice root = device_at(2, 0, {1, 30}, {0});             // another root port
  PciDevice other_hb = device_at(40, 0, {2, 50}, {0});
  PciDevice other_node = device_at(80, 0, {3, 60}, {1});
  PciDevice both_nodes = device_at(90, 0, {4, 70}, {0, 1});
  EXPECT_EQ(pcie_distance(gpu, nic), PcieClass::kPix);
  EXPECT_EQ(pcie_distance(gpu, far), PcieClass::kPxb);
  EXPECT_EQ(pcie_distance(gpu, root), PcieClass::kPhb);
  EXPECT_EQ(pcie_distance(gpu, other_hb), PcieClass::kNode);
  EXPECT_EQ(pcie_distance(gpu, other_node), PcieClass::kSys);
  EXPECT_EQ(pcie_distance(other_node, both_nodes), PcieClass::kNode);
  PciDevice function1 = device_at(4, 0, {1, 10, 11, 12}, {0});
  function1.func = 1;
  EXPECT_EQ(pcie_distance(gpu, function1), PcieClass::kPix);
}

TEST(PcieDistance, Names) {
  EXPECT_EQ(to_string(PcieClass::kPxb), "PXB");
  EXPECT_EQ(to_string(PcieClass::kNode), "NODE");
  EXPECT_EQ(describe(PcieClass::kPix), "same PCIe switch");
  EXPECT_LT(PcieClass::kPix, PcieClass::kSys);
}

}  // namespace
}  // namespace nfv::topology
