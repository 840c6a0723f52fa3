// The recorded-machine profiles of the fake sysfs (make-sysfs-from-hwloc.py): every device of
// the hwloc recording at its address and NUMA node, nested behind its bridges, with the config
// space capabilities, and IOMMU groups that follow ACS.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "config_space.h"
#include "dgx2_profile.h"
#include "fake_tree_io.h"
#include "host_fixture.h"
#include "nfv/topology/hwloc_loader.h"
#include "temp_dir.h"

namespace nfv::sriov::testing {
namespace {

namespace fs = std::filesystem;

constexpr uint16_t kAcs = 0x000d, kAts = 0x000f, kSriov = 0x0010;
constexpr unsigned kAcsSvRrCrUfDt = 0x01 | 0x04 | 0x08 | 0x10 | 0x40;
constexpr unsigned kAtsEnable = 0x8000;

topology::Topology recording(const std::string& file) {
  auto loaded = topology::load_topology_from_xml(std::string(NFV_HWLOC_FIXTURES) + "/" + file);
  EXPECT_TRUE(loaded) << loaded.error().message;
  return loaded ? *loaded : topology::Topology{};
}

// Every GPU and NIC of the recording is in the tree at its address, ids and NUMA node.
void expect_devices_of(const std::string& file, HostFixture& host, unsigned gpus, unsigned nics) {
  unsigned gpus_seen = 0, nics_seen = 0;
  for (const topology::PciDevice& recorded : recording(file).pci_devices) {
    bool gpu = recorded.kind == topology::DeviceKind::kGpu;
    bool nic = recorded.kind == topology::DeviceKind::kNic;
    if (!gpu && !nic) continue;
    gpus_seen += gpu;
    nics_seen += nic;
    auto device = read_pci_device(host.sysfs, *PciAddress::parse(recorded.bdf));
    ASSERT_TRUE(device) << recorded.bdf << ": " << device.error().message;
    EXPECT_EQ(device->vendor, recorded.vendor_id) << recorded.bdf;
    EXPECT_EQ(device->device, recorded.device_id) << recorded.bdf;
    EXPECT_EQ(device->class_code >> 8, recorded.class_id) << recorded.bdf;
    ASSERT_EQ(recorded.numa_nodes.size(), 1u) << recorded.bdf;
    EXPECT_EQ(device->numa_node, static_cast<int>(recorded.numa_nodes[0])) << recorded.bdf;
    EXPECT_EQ(device->driver, gpu ? "nvidia" : device->driver) << recorded.bdf;
  }
  EXPECT_EQ(gpus_seen, gpus);
  EXPECT_EQ(nics_seen, nics);
}

ConfigSpace config_of(HostFixture& host, const PciAddress& device) {
  return ConfigSpace::read(host.sys.root() / "bus/pci/devices" / device.str() / "config");
}

unsigned group_of(HostFixture& host, const PciAddress& device) {
  auto read = read_pci_device(host.sysfs, device);
  EXPECT_TRUE(read && read->iommu_group) << device.str();
  return read && read->iommu_group ? *read->iommu_group : ~0u;
}

std::set<std::string> members(HostFixture& host, unsigned group) {
  std::set<std::string> names;
  fs::path dir = host.sys.root() / "kernel/iommu_groups" / std::to_string(group) / "devices";
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

TEST(RecordedProfiles, Dgx2HasTheRecordingsGpusAndNicsOnTheirAddressesAndNodes) {
  HostFixture host("dgx2");
  expect_devices_of("nvidiaDGX2-with-nics.xml", host, dgx2::kGpus, dgx2::kNics);
  auto nic = read_pci_device(host.sysfs, dgx2::kNic);
  ASSERT_TRUE(nic);
  EXPECT_EQ(nic->driver, "mlx5_core");
  EXPECT_EQ(nic->netdevs, std::vector<std::string>{dgx2::kNicNetdev});
  EXPECT_TRUE(fs::is_directory(host.sys.root() / "bus/pci/devices" / dgx2::kNic.str() /
                               "infiniband" / dgx2::kNicRdma));
  EXPECT_EQ(read_trimmed(host.sys.root() / "class/net" / dgx2::kNicNetdev / "device/vendor"),
            "0x15b3");
  EXPECT_EQ(
      read_trimmed(host.sys.root() / "bus/pci/devices" / dgx2::kGpu.str() / "current_link_speed"),
      "8.0 GT/s PCIe");
  EXPECT_EQ(
      read_trimmed(host.sys.root() / "bus/pci/devices" / dgx2::kGpu.str() / "current_link_width"),
      "16");
}

TEST(RecordedProfiles, Dgx2DevicesNestUnderTheirBridgesAsTheKernelShowsThem) {
  HostFixture host("dgx2");
  fs::path gpu = fs::canonical(host.sys.root() / "bus/pci/devices" / dgx2::kGpu.str());
  std::vector<std::string> above;
  for (fs::path dir = gpu.parent_path(); dir.filename().string().rfind("pci", 0) != 0;
       dir = dir.parent_path()) {
    above.push_back(dir.filename());
  }
  EXPECT_EQ(above, (std::vector<std::string>{"0000:33:00.0", "0000:32:00.0", "0000:2d:04.0",
                                             "0000:2c:00.0", "0000:2b:00.0"}));
  EXPECT_EQ(
      fs::canonical(
          gpu.parent_path().parent_path().parent_path().parent_path().parent_path().parent_path())
          .filename(),
      "pci0000:2b");
  EXPECT_EQ(gpu.parent_path(),
            fs::canonical(host.sys.root() / "bus/pci/devices" / dgx2::kGpuPort.str()));
  auto port = read_pci_device(host.sysfs, dgx2::kNicPort);
  ASSERT_TRUE(port);
  EXPECT_TRUE(port->is_bridge());
  EXPECT_EQ(port->driver, "pcieport");
}

TEST(RecordedProfiles, ConfigSpaceCarriesPortTypesAcsAtsAndSriov) {
  HostFixture host("dgx2");
  ConfigSpace gpu = config_of(host, dgx2::kGpu);
  EXPECT_EQ(gpu.bytes.size(), 4096u);
  EXPECT_EQ(gpu.u16(0x00), 0x10deu);
  EXPECT_EQ(gpu.port_type(), 0u);
  auto gpu_ats = gpu.extended(kAts);
  ASSERT_TRUE(gpu_ats);
  EXPECT_EQ(gpu.u16(*gpu_ats + 6) & kAtsEnable, kAtsEnable);
  EXPECT_FALSE(gpu.extended(kAcs));

  EXPECT_EQ(config_of(host, dgx2::kRootPort).port_type(), 4u);
  EXPECT_EQ(config_of(host, dgx2::kSwitchUpstream).port_type(), 5u);
  EXPECT_FALSE(config_of(host, dgx2::kSwitchUpstream).extended(kAcs));
  for (const PciAddress& bridge : {dgx2::kRootPort, dgx2::kNicPort, dgx2::kGpuPort}) {
    ConfigSpace space = config_of(host, bridge);
    auto acs = space.extended(kAcs);
    ASSERT_TRUE(acs) << bridge.str();
    EXPECT_EQ(space.u16(*acs + 6), kAcsSvRrCrUfDt) << bridge.str();
  }
  EXPECT_EQ(config_of(host, dgx2::kNicPort).port_type(), 6u);

  ConfigSpace nic = config_of(host, dgx2::kNic);
  auto nic_ats = nic.extended(kAts);
  ASSERT_TRUE(nic_ats);
  EXPECT_EQ(nic.u16(*nic_ats + 6) & kAtsEnable, kAtsEnable);
  auto sriov = nic.extended(kSriov);
  ASSERT_TRUE(sriov);
  EXPECT_EQ(nic.u16(*sriov + 0x0e), dgx2::kVfsPerPf);  // TotalVFs
  EXPECT_EQ(nic.u16(*sriov + 0x14), 2u);               // First VF offset
  EXPECT_EQ(nic.u16(*sriov + 0x1a), 0x1018u);          // VF device id
}

TEST(RecordedProfiles, AcsOffClearsTheControlRegisterOfThatPortOnly) {
  HostFixture host("dgx2-acs-off");
  ConfigSpace port = config_of(host, dgx2::kNicPort);
  auto acs = port.extended(kAcs);
  ASSERT_TRUE(acs);
  EXPECT_EQ(port.u16(*acs + 6), 0u);
  EXPECT_NE(port.u16(*acs + 4), 0u);  // still capable: only switched off
  ConfigSpace sibling = config_of(host, dgx2::kGpuPort);
  EXPECT_EQ(sibling.u16(*sibling.extended(kAcs) + 6), kAcsSvRrCrUfDt);
}

TEST(RecordedProfiles, AtsOffClearsTheEnableBitOfThatDeviceOnly) {
  TempDir dir("nfv-sysfs-from-hwloc");
  std::string command = std::string(NFV_SYSFS_FROM_HWLOC_SCRIPT) + " " + NFV_HWLOC_FIXTURES +
                        "/nvidiaDGX2-with-nics.xml '" + dir.path().string() +
                        "' --ats-off 0000:34:00.0 >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  auto ats_control = [&](const PciAddress& device) {
    ConfigSpace space = ConfigSpace::read(dir.path() / "bus/pci/devices" / device.str() / "config");
    auto ats = space.extended(kAts);
    EXPECT_TRUE(ats) << device.str();
    return ats ? space.u16(*ats + 6) : 0xffffu;
  };
  EXPECT_EQ(ats_control(dgx2::kGpu), 0u);
  EXPECT_EQ(ats_control(dgx2::kSecondGpu), kAtsEnable);
  EXPECT_EQ(ats_control(dgx2::kNic), kAtsEnable);
}

TEST(RecordedProfiles, Dgx2WithAcsPutsEveryGpuInAGroupOfItsOwn) {
  HostFixture host("dgx2");
  std::set<unsigned> groups;
  for (const topology::PciDevice& recorded : recording("nvidiaDGX2-with-nics.xml").pci_devices) {
    if (recorded.kind != topology::DeviceKind::kGpu) continue;
    unsigned group = group_of(host, *PciAddress::parse(recorded.bdf));
    EXPECT_EQ(members(host, group), std::set<std::string>{recorded.bdf});
    groups.insert(group);
  }
  EXPECT_EQ(groups.size(), dgx2::kGpus);
  EXPECT_EQ(members(host, group_of(host, dgx2::kNic)), std::set<std::string>{dgx2::kNic.str()});
}

// The kernel's rule (pci_device_group): a device below a bridge whose path up lacks ACS joins
// that bridge's group; its siblings behind ports with ACS keep their own.
TEST(RecordedProfiles, AcsOffOnTheNicsPortPutsTheNicInThatPortsGroup) {
  HostFixture host("dgx2-acs-off");
  unsigned group = group_of(host, dgx2::kNic);
  EXPECT_EQ(members(host, group), (std::set<std::string>{"0000:33:08.0", "0000:35:00.0"}));
  EXPECT_EQ(members(host, group_of(host, dgx2::kGpu)), std::set<std::string>{dgx2::kGpu.str()});
  // The next switch keeps ACS: its GPU stays alone.
  EXPECT_EQ(members(host, group_of(host, *PciAddress::parse("0000:39:00.0"))),
            std::set<std::string>{"0000:39:00.0"});
}

TEST(RecordedProfiles, AGpuInAGroupOfItsOwnGoesToVfioAlone) {
  for (const char* profile : {"dgx2", "dgx2-acs-off"}) {
    HostFixture host(profile);
    VfManager manager = host.manager();
    auto alone = manager.bind({dgx2::kGpu, "trainer", Purpose::kGuest, {}});
    ASSERT_TRUE(alone) << profile << ": " << alone.error().message;
    EXPECT_EQ(host.driver_of(dgx2::kGpu), "vfio-pci") << profile;
  }
}

TEST(RecordedProfiles, DualSocketLoadsWithTheRecordingsDevices) {
  HostFixture host("dual-socket");
  expect_devices_of("24em64t-2n6c2t-pci.xml", host, 3, 3);
  EXPECT_EQ(host.driver_of(dual_socket::kNic), "igb");
  EXPECT_EQ(host.driver_of(dual_socket::kMellanox), "mlx4_core");
  EXPECT_EQ(host.pf_ifnames.at(dual_socket::kNic.str()), "eth0");
  auto gpu = read_pci_device(host.sysfs, dual_socket::kGpu);
  ASSERT_TRUE(gpu);
  EXPECT_EQ(gpu->numa_node, 1);
}

}  // namespace
}  // namespace nfv::sriov::testing
