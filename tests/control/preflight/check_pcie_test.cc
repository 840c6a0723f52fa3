// The PCIe path check of an AI guest's GPU<->NIC pairs on hand-built facts: a root port, a
// switch (upstream port 31:00.0, downstream ports 32:00.0 and 32:01.0), the GPU 34:00.0 below
// the first, the NIC PF 35:00.0 and its VF 35:00.2 below the second. Healthy as a DGX-2 kind
// of host is (ACS SV|RR|CR|UF|DT, ATS on), then broken one fact at a time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/preflight/check.h"
#include "pcie_config_bytes.h"

namespace nfv::preflight {
namespace {

using ::testing::AllOf;
using testing::bridge_config;
using testing::ConfigBytes;
using testing::endpoint_config;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr const char* kRootPort = "0000:30:00.0";
constexpr const char* kUpstream = "0000:31:00.0";
constexpr const char* kGpuPort = "0000:32:00.0";
constexpr const char* kNicPort = "0000:32:01.0";
constexpr const char* kGpu = "0000:34:00.0";
constexpr const char* kPf = "0000:35:00.0";
constexpr const char* kVf = "0000:35:00.2";
constexpr uint16_t kHealthyAcs = kAcsIsolation | kAcsDirectTranslated;

PcieFunction function(const std::string& bdf, const std::string& driver, bool bridge,
                      const ConfigBytes& bytes) {
  auto parsed = parse_pcie_config(bytes.bytes());
  EXPECT_TRUE(parsed) << parsed.error().message;
  return {bdf, driver, bridge, parsed ? std::optional(*parsed) : std::nullopt, ""};
}

class CheckPcieTest : public ::testing::Test {
 protected:
  CheckPcieTest() {
    needs.gpu_pairs.push_back({"ai1", kGpu, kVf, kPf, false});
    needs.guest_devices.push_back({"ai1", {kVf, kGpu}});
    gpu_port_acs = nic_port_acs = kHealthyAcs;
  }

  PciePath path(const std::string& port, PcieFunction device, unsigned group) {
    PciePath path;
    path.bridges = {function(kRootPort, "pcieport", true, bridge_config(4, kHealthyAcs)),
                    function(kUpstream, "pcieport", true, bridge_config(5, std::nullopt)),
                    function(port, "pcieport", true,
                             bridge_config(6, port == kGpuPort ? gpu_port_acs : nic_port_acs))};
    path.device = device;
    path.iommu_group = group;
    path.group_members = {device};
    return path;
  }

  std::vector<Finding> check() {
    facts.pcie.devices[kGpu] = path(kGpuPort, function(kGpu, "vfio-pci", false, gpu), 40);
    facts.pcie.devices[kVf] = path(kNicPort, function(kVf, "mlx5_core", false, nic), 41);
    for (auto& [bdf, member] : extra_members)
      facts.pcie.devices[bdf].group_members.push_back(member);
    return check_host(facts, needs);
  }

  HostFacts facts;
  Requirements needs;
  uint16_t gpu_port_acs = 0;
  uint16_t nic_port_acs = 0;
  ConfigBytes gpu = endpoint_config(true);
  ConfigBytes nic = endpoint_config(true);
  std::vector<std::pair<std::string, PcieFunction>> extra_members;
};

TEST_F(CheckPcieTest, HealthyPathGivesNoFinding) {
  extra_members.push_back({kGpu, {"0000:34:00.1", "vfio-pci", false, {}, {}}});  // audio, vfio
  extra_members.push_back({kGpu, {"0000:33:00.0", "", false, {}, {}}});          // unbound
  EXPECT_THAT(check(), IsEmpty());
}

TEST_F(CheckPcieTest, AnotherDeviceOfTheSameGuestKeepsTheGroupViable) {
  needs.guest_devices[0].bdfs.push_back("0000:36:00.0");
  extra_members.push_back({kGpu, {"0000:36:00.0", "nvidia", false, {}, {}}});
  EXPECT_THAT(check(), IsEmpty());
}

TEST_F(CheckPcieTest, PfOnHostDriverInTheVfGroupIsAnErrorExplainedByTheSwitchAcs) {
  nic_port_acs = 0;
  extra_members.push_back({kVf, {kPf, "mlx5_core", false, {}, {}}});
  std::vector<Finding> findings = check();
  ASSERT_THAT(findings, SizeIs(2));
  const Finding& error = findings[0];
  EXPECT_EQ(error.severity, Severity::kError);
  EXPECT_THAT(error.subject, AllOf(HasSubstr("guest ai1"), HasSubstr(kGpu), HasSubstr(kVf)));
  EXPECT_THAT(error.message,
              AllOf(HasSubstr("IOMMU group 41 of NIC 0000:35:00.2"),
                    HasSubstr("0000:35:00.0 is bound to the host driver mlx5_core"),
                    HasSubstr("switch downstream port 0000:32:01.0 has ACS control none")));
  // The upstream port has no ACS, as on real switches: the kernel does not ask it of one.
  EXPECT_THAT(error.message, Not(HasSubstr(kUpstream)));
  EXPECT_THAT(error.fix,
              AllOf(HasSubstr("unbind"), HasSubstr("whole group"), HasSubstr("\"PCIe ACS\""),
                    HasSubstr("pcie_acs_override=downstream,multifunction"),
                    HasSubstr("gives up the isolation")));
  // The same bridge's ACS gap, as a warning on the pair's path.
  EXPECT_EQ(findings[1].severity, Severity::kWarning);
  EXPECT_THAT(findings[1].message, HasSubstr("switch downstream port 0000:32:01.0 has ACS "
                                             "control none (without SV|RR|CR|UF)"));
  EXPECT_THAT(findings[1].fix, HasSubstr("BIOS"));
}

TEST_F(CheckPcieTest, MemberGivenToAnotherGuestIsAnError) {
  needs.guest_devices.push_back({"ai2", {"0000:34:00.1"}});
  extra_members.push_back({kGpu, {"0000:34:00.1", "vfio-pci", false, {}, {}}});
  std::vector<Finding> findings = check();
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_THAT(findings[0].message, AllOf(HasSubstr("IOMMU group 40 of GPU 0000:34:00.0"),
                                         HasSubstr("0000:34:00.1 is given to guest ai2")));
}

TEST_F(CheckPcieTest, RequestRedirectWithoutDirectTranslatedIsAWarningWithItsCost) {
  gpu_port_acs = kAcsIsolation;
  std::vector<Finding> findings = check();
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_THAT(findings[0].message,
              AllOf(HasSubstr("redirected through the root complex"),
                    HasSubstr("switch downstream port 0000:32:00.0 redirects peer requests (ACS "
                              "RR) without Direct Translated P2P (DT)")));
  EXPECT_THAT(findings[0].cost, HasSubstr("upstream link"));
  EXPECT_THAT(findings[0].fix, AllOf(HasSubstr("Direct Translated P2P"),
                                     HasSubstr("pair the GPU with another NIC")));
}

TEST_F(CheckPcieTest, AtsOffOnTheNicIsAWarningWithTheMlxconfigFix) {
  nic = endpoint_config(false);
  std::vector<Finding> findings = check();
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_THAT(findings[0].message, HasSubstr("NIC 0000:35:00.2 has ATS not enabled"));
  EXPECT_THAT(findings[0].fix, HasSubstr("mlxconfig -d 0000:35:00.0 set ATS_ENABLED=true"));
}

TEST_F(CheckPcieTest, NoAtsCapabilityOnTheGpuIsAWarning) {
  gpu = ConfigBytes();
  gpu.pcie(0x60, 0);
  std::vector<Finding> findings = check();
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_THAT(findings[0].message, HasSubstr("GPU 0000:34:00.0 has no ATS capability"));
}

TEST_F(CheckPcieTest, WithoutRequestRedirectAtsDoesNotMatter) {
  gpu_port_acs = nic_port_acs =
      kAcsSourceValidation | kAcsCompletionRedirect | kAcsUpstreamForwarding;
  nic = endpoint_config(false);
  std::vector<Finding> findings = check();
  // Not isolated (no RR) on both ports, but nothing is redirected.
  ASSERT_THAT(findings, SizeIs(2));
  for (const Finding& finding : findings) {
    EXPECT_THAT(finding.message, HasSubstr("(without RR)"));
  }
}

TEST_F(CheckPcieTest, PairUnderDifferentRootPortsGetsNoAcsFinding) {
  gpu_port_acs = nic_port_acs = 0;
  nic = endpoint_config(false);
  check();
  // The NIC under another root port, straight below it, with ACS off everywhere.
  PciePath& nic_path = facts.pcie.devices[kVf];
  nic_path.bridges = {function("0000:80:00.0", "pcieport", true, bridge_config(4, 0))};
  facts.pcie.devices[kGpu].bridges[0] = function(kRootPort, "pcieport", true, bridge_config(4, 0));
  EXPECT_THAT(check_host(facts, needs), IsEmpty());
}

TEST_F(CheckPcieTest, UnreadableConfigSpaceIsAWarningSayingWhy) {
  check();
  facts.pcie.devices[kVf].bridges[2] = function(kNicPort, "pcieport", true, ConfigBytes(64));
  std::vector<Finding> findings = check_host(facts, needs);
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_THAT(findings[0].message, AllOf(HasSubstr("0000:32:01.0"), HasSubstr("not read as root")));

  facts.pcie.devices[kVf].bridges[2] = {kNicPort, "pcieport", true, std::nullopt,
                                        "config: capability list loops at 0x40"};
  findings = check_host(facts, needs);
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_THAT(findings[0].message, HasSubstr("loops at 0x40"));
}

TEST_F(CheckPcieTest, NoIommuGroupLinkIsLeftToTheIommuCheck) {
  extra_members.push_back({kVf, {kPf, "mlx5_core", false, {}, {}}});
  check();
  facts.pcie.devices[kVf].iommu_group.reset();
  EXPECT_THAT(check_host(facts, needs), IsEmpty());
}

TEST_F(CheckPcieTest, PendingVfIsJudgedByItsPfPathAndAts) {
  needs.gpu_pairs[0] = {"ai1", kGpu, kPf, kPf, true};
  needs.guest_devices[0].bdfs = {kPf, kGpu};
  check();
  PciePath pf_path = facts.pcie.devices[kVf];
  pf_path.device = function(kPf, "mlx5_core", false, endpoint_config(false));
  pf_path.group_members = {pf_path.device, {"0000:35:00.1", "mlx5_core", false, {}, {}}};
  facts.pcie.devices[kPf] = pf_path;
  std::vector<Finding> findings = check_host(facts, needs);
  // The PF's group is not the VF's: no group finding; the PF's ATS stands for the VF's.
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_THAT(findings[0].subject, HasSubstr("NIC VF of 0000:35:00.0 (created by the apply)"));
  EXPECT_THAT(findings[0].message,
              HasSubstr("NIC 0000:35:00.0 (its PF: the VF is created by the apply) has ATS"));
}

}  // namespace
}  // namespace nfv::preflight
