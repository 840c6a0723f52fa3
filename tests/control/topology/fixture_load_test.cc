// Every recorded machine loads through hwloc with the counts summarize.py reports (see
// tests/fixtures/hwloc/README.md), and the corner cases each file was kept for survive.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "fixtures.h"
#include "nfv/host/hugepages.h"
#include "nfv/topology/hwloc_loader.h"

namespace nfv::topology {
namespace {

using testing::fixture;
using testing::fixture_path;

struct Expected {
  const char* file;
  size_t packages, numa_nodes, cores, cpus, l3, pci_devices, vfs;
  uint64_t node0_memory;
};

// From `summarize.py FILE.xml`. devel09-pci.xml is hwloc 1.x: its caches are "Cache"
// objects that summarize.py does not count as L3Cache, but hwloc imports them as two L3s.
const Expected kExpected[] = {
    {"16intel64-manyVFs.xml", 2, 2, 16, 16, 2, 18, 12, 68682809344},
    {"192em64t-12gr2n8c2t.xml", 24, 24, 192, 384, 24, 12, 0, 33255329792},
    {"192em64t-24n8c2t.xml", 24, 24, 192, 384, 24, 12, 0, 33255329792},
    {"24em64t-2n6c2t-pci.xml", 2, 2, 12, 24, 2, 9, 0, 19316633600},
    {"28intel64-2p2g7c-CoD.nogroups.v1tov2.xml", 2, 4, 28, 28, 0, 5, 0, 16899600384},
    {"32em64t-2n8c2t-pci-wholeio.xml", 2, 2, 16, 32, 2, 11, 0, 34330173440},
    {"96em64t-4n4d3ca2co-pci.xml", 16, 4, 96, 96, 16, 14, 0, 51269931008},
    {"AMD-19h-Zen3-2xEpyc-7763.xml", 2, 1, 128, 128, 16, 0, 0, 0},
    {"devel09-pci.xml", 2, 2, 4, 4, 2, 6, 0, 12884901888},
    {"nvidiaDGX2-with-nics.xml", 2, 2, 4, 4, 2, 36, 0, 810234351616},
    {"nvidiaDGX2.xml", 2, 2, 4, 4, 2, 28, 0, 810234351616},
    {"this-vm.xml", 1, 1, 2, 2, 1, 6, 0, 10295140352},
};

class FixtureCounts : public ::testing::TestWithParam<Expected> {};

TEST_P(FixtureCounts, MatchSummarize) {
  const Expected& want = GetParam();
  const Topology& topology = fixture(want.file);
  EXPECT_EQ(topology.packages.size(), want.packages);
  EXPECT_EQ(topology.numa_nodes.size(), want.numa_nodes);
  EXPECT_EQ(topology.cores.size(), want.cores);
  EXPECT_EQ(topology.cpu_count(), want.cpus);
  EXPECT_EQ(topology.l3_groups.size(), want.l3);
  EXPECT_EQ(topology.pci_devices.size(), want.pci_devices);
  size_t vfs =
      static_cast<size_t>(std::count_if(topology.pci_devices.begin(), topology.pci_devices.end(),
                                        [](const PciDevice& d) { return d.is_vf; }));
  EXPECT_EQ(vfs, want.vfs);
  ASSERT_FALSE(topology.numa_nodes.empty());
  EXPECT_EQ(topology.numa_nodes.front().memory_bytes, want.node0_memory);
}

TEST_P(FixtureCounts, EveryCpuBelongsToOneCoreAndItsNode) {
  const Topology& topology = fixture(GetParam().file);
  std::vector<uint32_t> seen;
  for (const Core& core : topology.cores) {
    ASSERT_FALSE(core.cpus.empty());
    const NumaNode* node = topology.find_node(core.numa_node);
    ASSERT_NE(node, nullptr) << "core " << core.id;
    for (uint32_t cpu : core.cpus) {
      seen.push_back(cpu);
      EXPECT_TRUE(std::count(node->cpus.begin(), node->cpus.end(), cpu)) << "CPU " << cpu;
    }
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

INSTANTIATE_TEST_SUITE_P(Recorded, FixtureCounts, ::testing::ValuesIn(kExpected),
                         [](const auto& param_info) {
                           return testing::test_name_for(param_info.param.file);
                         });

TEST(FixtureDetails, SmtSiblingsAndL3) {
  const Topology& topology = fixture("24em64t-2n6c2t-pci.xml");
  EXPECT_EQ(topology.cores[0].cpus, (std::vector<uint32_t>{0, 12}));
  EXPECT_EQ(topology.cores[1].cpus, (std::vector<uint32_t>{2, 14}));
  EXPECT_EQ(topology.cores[0].l3, 0u);
  EXPECT_EQ(topology.find_node(1)->cpus.front(), 1u);
  EXPECT_EQ(topology.packages[1].numa_nodes, (std::vector<uint32_t>{1}));
}

TEST(FixtureDetails, VirtualFunctionsAreInferredWithTheirPf) {
  const Topology& topology = fixture("16intel64-manyVFs.xml");
  // Vendor 1138 is an hwloc edit of two VIC VFs: still VFs, by their slot.
  const PciDevice* edited = topology.find_device("0000:0c:00.2");
  ASSERT_NE(edited, nullptr);
  EXPECT_TRUE(edited->is_vf);
  EXPECT_EQ(edited->vendor_id, 0x1138);
  EXPECT_EQ(edited->physical_function, "0000:0c:00.0");
  EXPECT_EQ(topology.find_device("0000:88:00.5")->physical_function, "0000:88:00.0");
  const PciDevice* eth7 = topology.find_device("eth7");
  ASSERT_NE(eth7, nullptr);
  EXPECT_FALSE(eth7->is_vf);
  EXPECT_EQ(eth7->numa_nodes, (std::vector<uint32_t>{1}));
  EXPECT_FALSE(topology.find_device("eth1")->is_vf);  // same slot as eth0, same device id
  EXPECT_TRUE(topology.find_device("eth4")->rdma);    // usnic_0: an OpenFabrics device
}

TEST(FixtureDetails, Hwloc1FormatImports) {
  const Topology& topology = fixture("devel09-pci.xml");
  const PciDevice* ib = topology.find_device("mlx4_0");
  ASSERT_NE(ib, nullptr);
  EXPECT_EQ(ib->bdf, "0000:51:00.0");
  EXPECT_EQ(ib->kind, DeviceKind::kNic);  // class 0c06: InfiniBand on the serial bus class
  EXPECT_TRUE(ib->rdma);
  EXPECT_EQ(ib->numa_nodes, (std::vector<uint32_t>{0}));
  EXPECT_EQ(topology.find_device("0000:04:03.0")->kind, DeviceKind::kDisplay);  // Matrox BMC
}

TEST(FixtureDetails, DevicesLocalToTwoNodes) {
  const Topology& topology = fixture("28intel64-2p2g7c-CoD.nogroups.v1tov2.xml");
  const PciDevice* nic = topology.find_device("enp12s0");
  ASSERT_NE(nic, nullptr);
  EXPECT_EQ(nic->numa_nodes, (std::vector<uint32_t>{0, 1}));
  EXPECT_TRUE(topology.find_node(2)->hugepages.empty());
}

TEST(FixtureDetails, DuplicateBdfsAndGpuKinds) {
  const Topology& topology = fixture("32em64t-2n8c2t-pci-wholeio.xml");
  auto both = topology.find_devices("0000:04:00.0");
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0]->kind, DeviceKind::kStorage);
  EXPECT_EQ(both[1]->kind, DeviceKind::kNic);
  EXPECT_EQ(both[1]->numa_nodes, (std::vector<uint32_t>{1}));
  EXPECT_EQ(topology.find_device("cuda0")->bdf, "0000:84:00.0");
  EXPECT_EQ(topology.find_device("opencl0d1")->kind, DeviceKind::kGpu);  // AMD VGA, computes
  EXPECT_EQ(topology.find_device("0000:05:03.0")->kind, DeviceKind::kDisplay);
  EXPECT_EQ(topology.find_device("0000:84:00.2")->kind, DeviceKind::kOther);
}

TEST(FixtureDetails, DgxGpusAndNics) {
  const Topology& topology = fixture("nvidiaDGX2-with-nics.xml");
  size_t gpus = 0;
  size_t nics = 0;
  for (const auto& device : topology.pci_devices) {
    gpus += device.kind == DeviceKind::kGpu;
    nics += device.kind == DeviceKind::kNic;
  }
  EXPECT_EQ(gpus, 16u);
  EXPECT_EQ(nics, 8u);
  EXPECT_EQ(topology.find_device("nvml8")->numa_nodes, (std::vector<uint32_t>{1}));
  EXPECT_EQ(topology.find_device("0000:61:00.0")->kind, DeviceKind::kOther);  // NVSwitch
  const NumaNode* node = topology.find_node(0);
  ASSERT_EQ(node->hugepages.size(), 2u);
  EXPECT_EQ(node->hugepages[1].page_size, 1ULL << 30);
  EXPECT_EQ(node->hugepages[1].total, 0u);
}

TEST(FixtureDetails, PciDomainsAndHugepages) {
  const Topology& big = fixture("192em64t-24n8c2t.xml");
  const PciDevice* eth2 = big.find_device("eth2");
  ASSERT_NE(eth2, nullptr);
  EXPECT_EQ(eth2->bdf, "0002:03:00.0");
  EXPECT_EQ(eth2->domain, 2u);
  EXPECT_EQ(eth2->numa_nodes, (std::vector<uint32_t>{4}));
  EXPECT_EQ(big.find_device("ib0")->numa_nodes, (std::vector<uint32_t>{6}));
  EXPECT_FALSE(eth2->matches("03:00.0"));  // the short form is for domain 0 only

  const Topology& vm = fixture("this-vm.xml");
  const host::HugepagePool* pool = vm.numa_nodes[0].hugepages_of_size(2 << 20);
  ASSERT_NE(pool, nullptr);
  EXPECT_EQ(pool->total, 2048u);
  EXPECT_FALSE(pool->free.has_value());  // a recording has no free count
  EXPECT_EQ(vm.find_device("00:03.0")->netdev(), "eth0");
  ASSERT_EQ(vm.find_device("eth0")->pcie_path.size(), 1u);
  EXPECT_EQ(vm.find_device("eth0")->pcie_path[0].label, "host bridge 0000:[00-00]");
}

TEST(FixtureDetails, CpuOnlyRecording) {
  const Topology& topology = fixture("AMD-19h-Zen3-2xEpyc-7763.xml");
  EXPECT_EQ(topology.numa_nodes[0].memory_bytes, 0u);        // NUMA unknown in a CPUID dump
  EXPECT_FALSE(topology.numa_nodes[0].package.has_value());  // one node over two sockets
  EXPECT_EQ(topology.packages[1].model, "AMD EPYC 7763 64-Core Processor");  // trimmed
  EXPECT_EQ(topology.l3_groups[3].cores.size(), 8u);
}

TEST(Loader, MissingFileNamesIt) {
  auto topology = load_topology_from_xml("/nonexistent/machine.xml");
  ASSERT_FALSE(topology);
  EXPECT_EQ(topology.error().message,
            "topology file /nonexistent/machine.xml: cannot open (No such file or directory)");
}

TEST(Loader, NotAnHwlocFile) {
  std::string path = ::testing::TempDir() + "/not-a-topology.xml";
  std::ofstream(path) << "<html>no</html>\n";
  auto topology = load_topology_from_xml(path);
  ASSERT_FALSE(topology);
  EXPECT_NE(topology.error().message.find("topology file " + path + ": not a topology hwloc"),
            std::string::npos)
      << topology.error().message;
  EXPECT_NE(topology.error().message.find("lstopo-no-graphics --of xml --whole-io"),
            std::string::npos);
}

TEST(Loader, LiveMachine) {
  auto topology = load_live_topology("/sys");
  ASSERT_TRUE(topology) << topology.error().message;
  EXPECT_EQ(topology->source, "live machine");
  EXPECT_EQ(topology->cpu_count(), static_cast<size_t>(sysconf(_SC_NPROCESSORS_CONF)));
  ASSERT_FALSE(topology->numa_nodes.empty());
  // Hugepages come from sysfs, with their free counts, when the kernel has per-node pools.
  uint32_t node = topology->numa_nodes.front().id;
  if (auto pools = host::read_node_hugepages(host::Sysfs("/sys"), node)) {
    ASSERT_EQ(topology->numa_nodes.front().hugepages.size(), pools->size());
    for (size_t i = 0; i < pools->size(); ++i) {
      EXPECT_EQ(topology->numa_nodes.front().hugepages[i].page_size, (*pools)[i].page_size);
      EXPECT_TRUE(topology->numa_nodes.front().hugepages[i].free.has_value());
    }
  }
}

}  // namespace
}  // namespace nfv::topology
