// The host pre-flight on a recorded topology and fake sysfs/procfs trees: a healthy host gives
// no finding; each broken fact gives one finding that names its object and the fix, an error
// when the config cannot run (no hugepages, IOMMU off, no vfio-pci, an offline CPU) and a
// warning with its cost when it runs worse (reserved at run time only, not isolated, IRQs).
#include "nfv/preflight/preflight.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fixtures.h"
#include "healthy_host.h"
#include "nfv/testing/result_assertions.h"

namespace nfv::preflight {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using topology::testing::config_from;
using topology::testing::example;
using topology::testing::fixture;

std::string describe_all(const std::vector<Finding>& findings) {
  std::string text;
  for (const Finding& f : findings)
    text += std::string(to_string(f.severity)) + " " + describe(f) + "\n";
  return text;
}

class PreflightTest : public ::testing::Test {
 protected:
  std::vector<Finding> run(const config::ApplianceConfig& config, SwitchRuntime runtime = {}) {
    auto findings = run_preflight(config, fixture(testing::kRecording), host.roots(), runtime);
    EXPECT_TRUE(findings) << findings.error().message;
    return findings ? *findings : std::vector<Finding>{};
  }
  std::vector<Finding> run_telco() { return run(example("telco-vnf-host.yaml")); }

  testing::HealthyHost host;
};

// The one finding a test expects; a failure (and an empty finding) when there are more or none.
Finding only(const std::vector<Finding>& findings) {
  EXPECT_EQ(findings.size(), 1u) << describe_all(findings);
  return findings.size() == 1 ? findings[0] : Finding{Severity::kWarning, "", "", "", ""};
}

// "error IOMMU": severity and subject, what each test checks first.
std::string headline(const Finding& f) {
  return std::string(to_string(f.severity)) + " " + f.subject;
}

const Finding* find(const std::vector<Finding>& findings, const std::string& subject) {
  for (const Finding& f : findings) {
    if (f.subject == subject) return &f;
  }
  return nullptr;
}

TEST_F(PreflightTest, AHealthyHostHasNoFinding) {
  EXPECT_THAT(run_telco(), IsEmpty()) << describe_all(run_telco());
}

TEST_F(PreflightTest, HugepagesShortOnTheNodeThatNeedsThemAreAnError) {
  host.free_hugepages(0, 2048, 100);  // dpi needs 1024 x 2M on node 0
  Finding f = only(run_telco());
  EXPECT_EQ(headline(f), "error hugepages 2M on node 0");
  EXPECT_THAT(f.message, AllOf(HasSubstr("100 free of 2048 reserved"), HasSubstr("1024"),
                               HasSubstr("guest dpi 2048 MB")));
  EXPECT_THAT(f.fix, AllOf(HasSubstr("echo 2972 > /sys/devices/system/node/node0/hugepages/"
                                     "hugepages-2048kB/nr_hugepages"),
                           HasSubstr("hugepagesz=2M hugepages=0:2972")));
}

TEST_F(PreflightTest, TheSwitchAndGuestsShareTheNodesPool) {
  host.free_hugepages(1, 1048576, 4);  // switch 1 + firewall 4 pages of 1G on node 1
  Finding f = only(run_telco());
  EXPECT_EQ(f.subject, "hugepages 1G on node 1");
  EXPECT_THAT(f.message, HasSubstr("switch 1024 MB, guest firewall 4096 MB"));
}

TEST_F(PreflightTest, HugepagesReservedAtRunTimeOnlyAreAWarningWithItsCost) {
  host.kernel_args("hugepagesz=1G hugepages=0:8,1:8");  // no 2M pages at boot
  Finding f = only(run_telco());
  EXPECT_EQ(headline(f), "warning hugepages 2M on node 0");
  EXPECT_THAT(f.message, HasSubstr("reserved at run time only"));
  EXPECT_THAT(f.cost, HasSubstr("fragmented"));
  EXPECT_THAT(f.fix, HasSubstr("add hugepagesz=2M hugepages=0:2048 to the kernel command line"));
}

TEST_F(PreflightTest, APmdCpuNotIsolatedIsAWarningWithTheKernelArguments) {
  host.sysfs.cpus("0-15", "0-15", "2-7,10-15", "2-7,10-15");  // PMDs on 1 and 9
  std::vector<Finding> findings = run_telco();
  ASSERT_EQ(findings.size(), 2u) << describe_all(findings);
  const Finding* pmd = find(findings, "PMD CPU 1");
  ASSERT_NE(pmd, nullptr) << describe_all(findings);
  EXPECT_EQ(pmd->severity, Severity::kWarning);
  EXPECT_THAT(pmd->message, HasSubstr("CPU(s) 1 not isolated from the scheduler"));
  EXPECT_THAT(pmd->cost, HasSubstr("latency"));
  EXPECT_THAT(pmd->fix, HasSubstr("isolcpus=1-7,9-15 nohz_full=1-7,9-15"));
  EXPECT_NE(find(findings, "PMD CPU 9"), nullptr);
}

TEST_F(PreflightTest, PinnedVcpusIsolatedButTickingAreNamedByGuest) {
  host.sysfs.cpus("0-15", "0-15", testing::kIsolated, "1,6-7,9-15");
  Finding f = only(run_telco());
  EXPECT_EQ(f.subject, "guest vrouter vCPU CPUs 2-5");
  EXPECT_THAT(f.message, HasSubstr("isolated but not nohz_full"));
}

// Without sysfs's isolated and nohz_full lists, the kernel arguments tell.
TEST_F(PreflightTest, WithoutSysfsListsTheKernelArgumentsTell) {
  std::filesystem::remove(host.sysfs.root() / "devices/system/cpu/isolated");
  std::filesystem::remove(host.sysfs.root() / "devices/system/cpu/nohz_full");
  EXPECT_THAT(run_telco(), IsEmpty()) << describe_all(run_telco());
  host.kernel_args(testing::kBootHugepages, "2-7,9-15");
  Finding f = only(run_telco());
  EXPECT_EQ(headline(f), "warning PMD CPU 1");
  EXPECT_THAT(f.message, HasSubstr("(isolated: 2-7,9-15)"));
}

// A kernel without NUMA counts its hugepages system-wide: the fix names that pool.
TEST_F(PreflightTest, AKernelWithoutNumaHasOnePoolPerSize) {
  std::filesystem::remove_all(host.sysfs.root() / "devices/system/node");
  host.sysfs.write("kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", "512");
  host.sysfs.write("kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "512");
  config::ApplianceConfig demo = config_from("switch: {pmd_cores: 1, memory_mb: 2048}\n");
  Finding f = only(run(demo));
  EXPECT_EQ(headline(f), "error hugepages 2M");
  EXPECT_THAT(f.fix,
              HasSubstr("echo 1024 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"));
}

// The fix moves the IRQ to the CPUs the config leaves to the host: housekeeping 0 and 8, and
// 14-15 which the plan does not use.
TEST_F(PreflightTest, AnIrqOnAPmdCpuIsAWarningNamingItAndTheFix) {
  host.procfs.irq(42, "0-1");
  Finding f = only(run_telco());
  EXPECT_EQ(headline(f), "warning PMD CPU 1");
  EXPECT_THAT(f.message, HasSubstr("IRQ 42"));
  EXPECT_THAT(
      f.fix, AllOf(HasSubstr("for irq in 42; do echo 0,8,14-15 > /proc/irq/$irq/smp_affinity_list"),
                   HasSubstr("irqbalance")));
}

TEST_F(PreflightTest, TheIommuOffWithVfsIsAnErrorNamingWhoNeedsIt) {
  std::filesystem::remove_all(host.sysfs.root() / "kernel/iommu_groups");
  host.kernel_args(testing::kBootHugepages, testing::kIsolated, "");
  Finding f = only(run_telco());
  EXPECT_EQ(headline(f), "error IOMMU");
  EXPECT_THAT(f.message, AllOf(HasSubstr("off"), HasSubstr("IOMMU kernel arguments: none"),
                               HasSubstr("guest vrouter (1 VF interface(s))"),
                               HasSubstr("switch port uplink0")));
  EXPECT_THAT(f.fix, HasSubstr("intel_iommu=on iommu=pt"));
}

TEST_F(PreflightTest, TheIommuWithoutPassthroughIsAWarning) {
  host.kernel_args(testing::kBootHugepages, testing::kIsolated, "intel_iommu=on");
  Finding f = only(run_telco());
  EXPECT_EQ(headline(f), "warning IOMMU");
  EXPECT_THAT(f.fix, HasSubstr("iommu=pt"));
}

TEST_F(PreflightTest, VfioPciMissingIsAnError) {
  std::filesystem::remove_all(host.sysfs.root() / "bus/pci/drivers/vfio-pci");
  Finding f = only(run_telco());
  EXPECT_EQ(headline(f), "error vfio-pci");
  EXPECT_THAT(f.message, HasSubstr("guest firewall (1 VF interface(s))"));
  EXPECT_THAT(f.fix, HasSubstr("modprobe vfio-pci"));
}

TEST_F(PreflightTest, AnOfflineCpuIsAnError) {
  host.sysfs.cpus("0-15", "0-8,10-15", testing::kIsolated, testing::kIsolated);
  Finding f = only(run_telco());
  EXPECT_EQ(headline(f), "error PMD CPU 9");
  EXPECT_THAT(f.fix, HasSubstr("echo 1 > /sys/devices/system/cpu/cpu9/online"));
}

TEST_F(PreflightTest, ASwitchWithoutHugepagesNeedsNone) {
  config::ApplianceConfig demo = config_from(
      "switch: {pmd_cores: 1, memory_mb: 256}\nports:\n  - {name: a, vdev: net_null0}\n");
  host.free_hugepages(0, 2048, 0);
  host.free_hugepages(0, 1048576, 0);
  host.procfs.mounts(false);
  SwitchRuntime no_huge;
  no_huge.no_huge = true;
  EXPECT_THAT(run(demo, no_huge), IsEmpty()) << describe_all(run(demo, no_huge));
  std::vector<Finding> with_huge = run(demo);
  EXPECT_NE(find(with_huge, "hugetlbfs"), nullptr) << describe_all(with_huge);
  EXPECT_NE(find(with_huge, "hugepages 2M on node 0"), nullptr) << describe_all(with_huge);
}

TEST_F(PreflightTest, ARunningSwitchKeepsItsPmdsAndItsMemory) {
  host.free_hugepages(0, 1048576, 4);  // vrouter's 4; the running switch holds its own
  host.free_hugepages(1, 1048576, 4);
  SwitchRuntime running;
  running.running = true;
  running.pmd_cpus = {0};
  std::vector<Finding> findings = run(example("telco-vnf-host.yaml"), running);
  ASSERT_EQ(findings.size(), 2u) << describe_all(findings);
  EXPECT_EQ(findings[0].subject, "PMD CPU 0");
  EXPECT_THAT(findings[0].message, HasSubstr("not isolated"));
  EXPECT_THAT(findings[1].message, HasSubstr("IRQ 0, 24"));
}

TEST_F(PreflightTest, WhatTheMachineCannotHoldIsAnErrorFromThePlan) {
  config::ApplianceConfig big =
      config_from("guests:\n  - {name: big, vcpus: 64, cpu_policy: dedicated}\n");
  std::vector<Finding> findings = run(big);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].subject, "guest big");
  EXPECT_THAT(findings[0].fix, HasSubstr("nfvctl plan"));
}

TEST_F(PreflightTest, TheRunningSwitchsOwnShortageIsAWarning) {
  config::ApplianceConfig many = config_from("switch: {pmd_cores: 40}\n");
  std::vector<Finding> planned = run(many);
  ASSERT_FALSE(planned.empty());
  EXPECT_EQ(planned[0].severity, Severity::kError) << describe_all(planned);
  EXPECT_EQ(planned[0].subject, "switch");
  SwitchRuntime running;
  running.running = true;
  running.pmd_cpus = {1};
  std::vector<Finding> adopted = run(many, running);
  EXPECT_FALSE(has_errors(adopted)) << describe_all(adopted);
  ASSERT_NE(find(adopted, "switch"), nullptr) << describe_all(adopted);
  EXPECT_THAT(find(adopted, "switch")->cost, HasSubstr("running switch"));
}

TEST(SwitchRuntime, FromTheSwitchsOwnAnswer) {
  api::SwitchInfo info;
  info.eal_args = {"-l", "0-1", "--no-huge", "--file-prefix", "demo"};
  info.pmds = {{0, 1, 0}};
  SwitchRuntime runtime = runtime_of(info);
  EXPECT_TRUE(runtime.running);
  EXPECT_TRUE(runtime.no_huge);
  EXPECT_EQ(runtime.pmd_cpus, (std::vector<uint32_t>{1}));
  info.eal_args = {"-l", "0-1"};
  EXPECT_FALSE(runtime_of(info).no_huge);
}

TEST(Findings, TheRefusalListsEveryErrorWithItsFix) {
  std::vector<Finding> findings = {
      {Severity::kWarning, "PMD CPU 1", "not isolated", "latency", "isolcpus=1"},
      {Severity::kError, "IOMMU", "off", "", "intel_iommu=on"},
      {Severity::kError, "vfio-pci", "not loaded", "", "modprobe vfio-pci"}};
  std::string text = describe_errors(findings, "host.yaml");
  EXPECT_THAT(text, HasSubstr("the host cannot carry host.yaml: 2 error(s)"));
  EXPECT_THAT(text, HasSubstr("\n- IOMMU: off; fix: intel_iommu=on"));
  EXPECT_THAT(text, HasSubstr("\n- vfio-pci: not loaded; fix: modprobe vfio-pci"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("PMD CPU 1")));
}

TEST_F(PreflightTest, AGuestsMissingKernelIsAnErrorWithTheFix) {
  config::ApplianceConfig config = example("telco-vnf-host.yaml");
  std::filesystem::path kernel = std::filesystem::temp_directory_path() / "nfv-preflight-vmlinuz";
  { std::ofstream(kernel) << "kernel"; }
  config.guests[0].boot.kernel = kernel.string();
  config.guests[0].boot.initrd = "/var/cache/nfv-appliance/guest-image/no-such-initrd.img";
  Finding finding = only(run(config));
  std::filesystem::remove(kernel);
  EXPECT_EQ(headline(finding), "error guest " + config.guests[0].name);
  EXPECT_EQ(finding.message,
            "initrd /var/cache/nfv-appliance/guest-image/no-such-initrd.img is not a file on "
            "this host");
  EXPECT_THAT(finding.fix, HasSubstr("./scripts/guest-image"));
}

}  // namespace
}  // namespace nfv::preflight
