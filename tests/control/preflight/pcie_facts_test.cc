// The PCIe path reader on a sysfs tree built in a temporary directory the way the kernel nests
// it: root port 0000:30:00.0 > switch upstream port 31:00.0 > downstream port 32:00.0 > GPU
// 34:00.0 (with its audio function 34:00.1 in its IOMMU group), each with a `config` file,
// `class`, `driver` and `iommu_group` links.
#include "nfv/preflight/pcie_facts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "pcie_config_bytes.h"
#include "pcie_tree.h"

namespace nfv::preflight {
namespace {

using testing::bridge_config;
using testing::ConfigBytes;
using ::testing::ElementsAre;
using testing::endpoint_config;
using ::testing::HasSubstr;

constexpr const char* kRootPortDir = "devices/pci0000:30/0000:30:00.0";
constexpr const char* kUpstreamDir = "devices/pci0000:30/0000:30:00.0/0000:31:00.0";
constexpr const char* kDownstreamDir = "devices/pci0000:30/0000:30:00.0/0000:31:00.0/0000:32:00.0";
constexpr const char* kGpuDir =
    "devices/pci0000:30/0000:30:00.0/0000:31:00.0/0000:32:00.0/0000:34:00.0";
constexpr const char* kAudioDir =
    "devices/pci0000:30/0000:30:00.0/0000:31:00.0/0000:32:00.0/0000:34:00.1";
constexpr uint16_t kHealthyAcs = kAcsIsolation | kAcsDirectTranslated;

class PcieFactsTest : public ::testing::Test {
 protected:
  PcieFactsTest() {
    function(kRootPortDir, "0x060400", "pcieport", bridge_config(4, kHealthyAcs).bytes());
    function(kUpstreamDir, "0x060400", "pcieport", bridge_config(5, std::nullopt).bytes());
    function(kDownstreamDir, "0x060400", "pcieport", bridge_config(6, kHealthyAcs).bytes());
    function(kGpuDir, "0x030200", "vfio-pci", endpoint_config(true).bytes());
    function(kAudioDir, "0x040300", "snd_hda_intel", ConfigBytes(256).bytes());
    group(40, kGpuDir);
    group(40, kAudioDir);
  }

  void function(const std::string& dir, const std::string& class_code, const std::string& driver,
                const std::vector<uint8_t>& config) {
    testing::pci_function(tree, dir, class_code, driver, config);
  }
  void group(unsigned number, const std::string& dir) { testing::pci_group(tree, number, dir); }

  host::testing::SysfsTree tree;
};

std::vector<std::string> bdfs_of(const std::vector<PcieFunction>& functions) {
  std::vector<std::string> bdfs;
  for (const PcieFunction& function : functions) bdfs.push_back(function.bdf);
  return bdfs;
}

TEST_F(PcieFactsTest, ReadsTheBridgesFromTheRootPortDownWithTheirConfig) {
  auto path = read_pcie_path(tree.sysfs(), "0000:34:00.0");
  ASSERT_TRUE(path);
  EXPECT_THAT(bdfs_of(path->bridges), ElementsAre("0000:30:00.0", "0000:31:00.0", "0000:32:00.0"));
  for (const PcieFunction& bridge : path->bridges) {
    EXPECT_TRUE(bridge.bridge) << bridge.bdf;
    EXPECT_EQ(bridge.driver, "pcieport");
    ASSERT_TRUE(bridge.config) << bridge.config_problem;
  }
  EXPECT_EQ(*path->bridges[0].config->port_type, PciePortType::kRootPort);
  EXPECT_FALSE(path->bridges[1].config->acs);
  ASSERT_TRUE(path->bridges[2].config->acs);
  EXPECT_EQ(path->bridges[2].config->acs->control, kHealthyAcs);

  EXPECT_EQ(path->device.bdf, "0000:34:00.0");
  EXPECT_EQ(path->device.driver, "vfio-pci");
  EXPECT_FALSE(path->device.bridge);
  ASSERT_TRUE(path->device.config);
  EXPECT_TRUE(path->device.config->ats->enabled());
}

TEST_F(PcieFactsTest, ReadsTheIommuGroupWithEveryMemberAndItsDriver) {
  PcieFacts facts = read_pcie_facts(tree.sysfs(), {"0000:34:00.0", "0000:34:00.0"});
  const PciePath* path = facts.find("0000:34:00.0");
  ASSERT_NE(path, nullptr);
  ASSERT_TRUE(path->iommu_group);
  EXPECT_EQ(*path->iommu_group, 40u);
  ASSERT_THAT(bdfs_of(path->group_members), ElementsAre("0000:34:00.0", "0000:34:00.1"));
  EXPECT_EQ(path->group_members[1].driver, "snd_hda_intel");
  EXPECT_FALSE(path->group_members[1].bridge);
}

TEST_F(PcieFactsTest, ShortOrMissingConfigFilesAreSaidPerFunction) {
  auto audio = read_pcie_path(tree.sysfs(), "0000:34:00.1");
  ASSERT_TRUE(audio);
  ASSERT_TRUE(audio->device.config);
  EXPECT_EQ(audio->device.config->reach, ConfigReach::kStandard);

  std::filesystem::remove(tree.root() / kUpstreamDir / "config");
  auto gpu = read_pcie_path(tree.sysfs(), "0000:34:00.0");
  ASSERT_TRUE(gpu);
  EXPECT_FALSE(gpu->bridges[1].config);
  EXPECT_THAT(gpu->bridges[1].config_problem, HasSubstr("0000:31:00.0/config"));
}

TEST_F(PcieFactsTest, HostileConfigIsAProblemNotACrash) {
  ConfigBytes loop;
  loop.capability(0x40, 0x01, 0x40);
  std::filesystem::remove(tree.root() / kDownstreamDir / "config");
  std::ofstream out(tree.root() / kDownstreamDir / "config", std::ios::binary);
  out.write(reinterpret_cast<const char*>(loop.bytes().data()), 4096);
  out.close();
  auto gpu = read_pcie_path(tree.sysfs(), "0000:34:00.0");
  ASSERT_TRUE(gpu);
  EXPECT_FALSE(gpu->bridges[2].config);
  EXPECT_THAT(gpu->bridges[2].config_problem, HasSubstr("loops"));
}

TEST_F(PcieFactsTest, DeviceWithoutGroupLinkOrMissingDevice) {
  std::filesystem::remove(tree.root() / kGpuDir / "iommu_group");
  auto gpu = read_pcie_path(tree.sysfs(), "0000:34:00.0");
  ASSERT_TRUE(gpu);
  EXPECT_FALSE(gpu->iommu_group);
  EXPECT_TRUE(gpu->group_members.empty());
  EXPECT_FALSE(read_pcie_path(tree.sysfs(), "0000:99:00.0"));
  EXPECT_EQ(read_pcie_facts(tree.sysfs(), {"0000:99:00.0"}).find("0000:99:00.0"), nullptr);
}

}  // namespace
}  // namespace nfv::preflight
