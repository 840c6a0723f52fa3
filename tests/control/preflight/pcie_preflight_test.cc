// The PCIe path check wired into the pre-flight: the AI example (ai-gpu-node.yaml) planned on
// the recorded DGX-2 with NICs gives its GPU<->NIC pairs as requirements, and run_preflight
// reads their paths under the sysfs root it is given (the first pair, GPU 34:00.0 and NIC PF
// 35:00.0 behind one PCIe switch, built into the healthy host's tree).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixtures.h"
#include "healthy_host.h"
#include "nfv/preflight/preflight.h"
#include "nfv/topology/planner.h"
#include "pcie_config_bytes.h"
#include "pcie_tree.h"

namespace nfv::preflight {
namespace {

using ::testing::AllOf;
using testing::bridge_config;
using testing::endpoint_config;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using topology::testing::example;
using topology::testing::fixture;

constexpr const char* kRecording = "nvidiaDGX2-with-nics.xml";
constexpr const char* kSwitchDir = "devices/pci0000:30/0000:30:00.0/0000:31:00.0";
constexpr uint16_t kHealthyAcs = kAcsIsolation | kAcsDirectTranslated;
constexpr const char* kFirstPair =
    "guest trainer-0 GPU 0000:34:00.0 NIC VF of 0000:35:00.0 (created by the apply)";

class PciePreflightTest : public ::testing::Test {
 protected:
  // Root port > upstream port > two downstream ports, the GPU below one, the PF below the other.
  void build_first_pair(bool pf_ats) {
    auto& tree = host.sysfs;
    testing::pci_function(tree, "devices/pci0000:30/0000:30:00.0", "0x060400", "pcieport",
                          bridge_config(4, kHealthyAcs).bytes());
    testing::pci_function(tree, kSwitchDir, "0x060400", "pcieport",
                          bridge_config(5, std::nullopt).bytes());
    for (const char* port : {"0000:32:00.0", "0000:32:01.0"}) {
      testing::pci_function(tree, std::string(kSwitchDir) + "/" + port, "0x060400", "pcieport",
                            bridge_config(6, kHealthyAcs).bytes());
    }
    testing::pci_function(tree, gpu_dir(), "0x030200", "", endpoint_config(true).bytes());
    testing::pci_function(tree, pf_dir(), "0x020700", "mlx5_core", endpoint_config(pf_ats).bytes());
    testing::pci_group(tree, 70, gpu_dir());
    testing::pci_group(tree, 71, pf_dir());
  }
  static std::string gpu_dir() { return std::string(kSwitchDir) + "/0000:32:00.0/0000:34:00.0"; }
  static std::string pf_dir() { return std::string(kSwitchDir) + "/0000:32:01.0/0000:35:00.0"; }

  std::vector<Finding> first_pair_findings() {
    auto findings = run_preflight(example("ai-gpu-node.yaml"), fixture(kRecording), host.roots(),
                                  SwitchRuntime{});
    EXPECT_TRUE(findings) << findings.error().message;
    std::vector<Finding> pair;
    for (const Finding& f : findings ? *findings : std::vector<Finding>{}) {
      if (f.subject.find("GPU 0000:34:00.0") != std::string::npos) pair.push_back(f);
    }
    return pair;
  }

  testing::HealthyHost host;
};

TEST_F(PciePreflightTest, RequirementsCarryEveryGpuWithItsNic) {
  topology::PlanReport report =
      topology::plan_placement(fixture(kRecording), example("ai-gpu-node.yaml"));
  ASSERT_TRUE(report.feasible());
  Requirements needs = requirements_of(example("ai-gpu-node.yaml"), report.placement, {});
  ASSERT_THAT(needs.gpu_pairs, SizeIs(16));
  const GpuNicPair& first = needs.gpu_pairs[0];
  EXPECT_EQ(first.guest, "trainer-0");
  EXPECT_EQ(first.gpu_bdf, "0000:34:00.0");
  EXPECT_EQ(first.pf_bdf, "0000:35:00.0");
  EXPECT_EQ(first.nic_bdf, "0000:35:00.0");  // the VF is created by the apply: read its PF
  EXPECT_TRUE(first.vf_pending);
  ASSERT_THAT(needs.guest_devices, SizeIs(2));
  EXPECT_EQ(needs.guest_devices[0].guest, "trainer-0");
  EXPECT_THAT(needs.pcie_devices(), SizeIs(32));
}

TEST_F(PciePreflightTest, AHealthyPathAddsNoFinding) {
  build_first_pair(true);
  EXPECT_THAT(first_pair_findings(), IsEmpty());
}

TEST_F(PciePreflightTest, DevicesAbsentFromSysfsAddNoFinding) {
  EXPECT_THAT(first_pair_findings(), IsEmpty());
}

TEST_F(PciePreflightTest, TheNicsAtsOffIsReportedForThePair) {
  build_first_pair(false);
  std::vector<Finding> findings = first_pair_findings();
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].subject, kFirstPair);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_THAT(findings[0].message, HasSubstr("NIC 0000:35:00.0 (its PF"));
  EXPECT_THAT(findings[0].fix, HasSubstr("mlxconfig -d 0000:35:00.0 set ATS_ENABLED=true"));
}

// The GPU's group shared with another GPU of the same guest (36:00.0, still on nvidia) is
// viable; an NVMe on its host driver is not.
TEST_F(PciePreflightTest, AnNvmeInTheGpusGroupIsAnError) {
  build_first_pair(true);
  std::string port = std::string(kSwitchDir) + "/0000:32:00.0/";
  testing::pci_function(host.sysfs, port + "0000:36:00.0", "0x030200", "nvidia",
                        endpoint_config(true).bytes());
  testing::pci_group(host.sysfs, 70, port + "0000:36:00.0");
  EXPECT_THAT(first_pair_findings(), IsEmpty());

  testing::pci_function(host.sysfs, port + "0000:33:00.0", "0x010802", "nvme",
                        endpoint_config(true).bytes());
  testing::pci_group(host.sysfs, 70, port + "0000:33:00.0");
  std::vector<Finding> findings = first_pair_findings();
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_THAT(findings[0].message, AllOf(HasSubstr("IOMMU group 70 of GPU 0000:34:00.0"),
                                         HasSubstr("0000:33:00.0 is bound to the host driver "
                                                   "nvme")));
}

}  // namespace
}  // namespace nfv::preflight
