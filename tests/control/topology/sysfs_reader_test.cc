// A live topology completed from a sysfs tree built by the test: hugepages per node with free
// counts, a PF's SR-IOV capacity, a VF's PF. The root is a parameter, so no test touches the
// real /sys. The readers themselves are tested in tests/host.
#include "nfv/topology/sysfs_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace nfv::topology {
namespace {

namespace fs = std::filesystem;

class FakeSysfs : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::path(::testing::TempDir()) /
        ("sysfs-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, const std::string& text) {
    fs::path file = root_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text << "\n";
  }
  void hugepages(uint32_t node, uint64_t kib, uint64_t total, uint64_t free) {
    std::string dir = "devices/system/node/node" + std::to_string(node) + "/hugepages/hugepages-" +
                      std::to_string(kib) + "kB/";
    write(dir + "nr_hugepages", std::to_string(total));
    write(dir + "free_hugepages", std::to_string(free));
  }

  fs::path root_;
};

TEST_F(FakeSysfs, CompletesALiveTopology) {
  hugepages(0, 2048, 1024, 1000);
  write("bus/pci/devices/0000:3b:00.0/sriov_totalvfs", "64");
  fs::create_directories(root_ / "bus/pci/devices/0000:3b:02.0");
  fs::create_symlink("../0000:3b:00.0", root_ / "bus/pci/devices/0000:3b:02.0/physfn");
  fs::create_directories(root_ / "bus/pci/devices/0000:00:03.0");  // virtio: no SR-IOV

  Topology topology;
  topology.numa_nodes.push_back({0, 0, 8ULL << 30, {{2 << 20, 7, {}}}, {0, 1}});
  PciDevice pf;
  pf.bdf = "0000:3b:00.0";
  pf.kind = DeviceKind::kNic;
  PciDevice vf = pf;
  vf.bdf = "0000:3b:02.0";
  PciDevice virtio = pf;
  virtio.bdf = "0000:00:03.0";
  PciDevice absent = pf;  // not in this sysfs: left as hwloc gave it
  absent.bdf = "0000:99:00.0";
  topology.pci_devices = {pf, vf, virtio, absent};

  apply_sysfs(topology, host::Sysfs(root_));
  ASSERT_EQ(topology.numa_nodes[0].hugepages.size(), 1u);
  EXPECT_EQ(topology.numa_nodes[0].hugepages[0].total, 1024u);
  EXPECT_EQ(topology.numa_nodes[0].hugepages[0].free, 1000u);
  EXPECT_EQ(topology.pci_devices[0].sriov_total_vfs, 64u);
  EXPECT_FALSE(topology.pci_devices[0].is_vf);
  EXPECT_TRUE(topology.pci_devices[1].is_vf);
  EXPECT_EQ(topology.pci_devices[1].physical_function, "0000:3b:00.0");
  EXPECT_EQ(topology.pci_devices[2].sriov_total_vfs, 0u);
  EXPECT_FALSE(topology.pci_devices[3].sriov_total_vfs.has_value());
}

}  // namespace
}  // namespace nfv::topology
