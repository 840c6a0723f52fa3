// Demands the machine cannot meet name exactly what is short; fallbacks the plan accepts are
// warnings that say what they cost; policies (smt, cross_numa, emulator threads) do what the
// schema says.
#include <gtest/gtest.h>

#include <algorithm>

#include "fixtures.h"
#include "nfv/topology/planner.h"

namespace nfv::topology {
namespace {

using testing::config_from;
using testing::fixture;

PlanReport plan_on(const char* machine, const std::string& yaml) {
  return plan_placement(fixture(machine), config_from(yaml));
}

// The only shortage of a report, as "subject | resource | message".
std::string only_shortage(const PlanReport& report) {
  EXPECT_EQ(report.shortages.size(), 1u) << describe_shortages(report.shortages);
  if (report.shortages.empty()) return "";
  const Shortage& s = report.shortages.front();
  return s.subject + " | " + s.resource + " | " + s.message;
}

const Warning* warning_about(const Placement& placement, const std::string& subject) {
  for (const auto& w : placement.warnings) {
    if (w.subject == subject) return &w;
  }
  return nullptr;
}

TEST(Shortages, CpusOnOneNode) {
  EXPECT_EQ(only_shortage(plan_on("this-vm.xml",
                                  "host: {housekeeping_cpus: \"0\"}\n"
                                  "guests: [{name: big, vcpus: 8}]\n")),
            "guest big | CPUs | needs 8 dedicated CPUs on one NUMA node; free CPUs: node 0: 1");
}

TEST(Shortages, HugepageMemory) {
  // 10295140352 bytes, less the default 1024 MB the OS keeps: 8794 MB for hugepages.
  EXPECT_EQ(only_shortage(plan_on("this-vm.xml", "guests: [{name: fat, memory_mb: 16384}]\n")),
            "guest fat | hugepage memory | needs 16384 MB of 2M hugepages on one NUMA node; "
            "hugepage memory left: node 0: 8794 MB");
}

TEST(Shortages, GpusAndNicsToPairThem) {
  EXPECT_EQ(only_shortage(plan_on("this-vm.xml", "guests: [{name: ai, role: ai, gpus: 2}]\n")),
            "guest ai | GPUs | needs 2 GPUs, 0 free (node 0: 0)");
  // The recorded DGX-2 had its NICs filtered out: nothing to pair the GPU with.
  EXPECT_EQ(only_shortage(plan_on("nvidiaDGX2.xml", "guests: [{name: ai, role: ai, gpus: 1}]\n")),
            "guest ai | NICs | GPU 0000:34:00.0: no NIC with a free VF to pair with (this "
            "machine has no SR-IOV capable NIC)");
  EXPECT_EQ(only_shortage(plan_on("nvidiaDGX2.xml", "guests: [{name: ai, role: ai, gpus: 3}]\n")),
            "guest ai | NICs | GPUs 0000:34:00.0, 0000:36:00.0, 0000:39:00.0: no NIC with a "
            "free VF to pair with (this machine has no SR-IOV capable NIC)");
  PlanReport unpaired =
      plan_on("nvidiaDGX2.xml", "guests: [{name: ai, role: ai, gpus: 1, nic_per_gpu: false}]\n");
  ASSERT_TRUE(unpaired.feasible()) << describe_shortages(unpaired.shortages);
  EXPECT_FALSE(unpaired.placement.guests[0].gpus[0].nic.has_value());
}

TEST(Shortages, Vfs) {
  const char* two_on_eth7 =
      "guests:\n"
      "  - {name: a, interfaces: [{type: vf, pf: eth7}]}\n"
      "  - {name: b, interfaces: [{type: vf, pf: eth7}]}\n"
      "policy: {assumed_vfs_per_pf: 1}\n";
  EXPECT_EQ(only_shortage(plan_on("16intel64-manyVFs.xml", two_on_eth7)),
            "guest b interfaces[0] | VFs | PF eth7: all 1 VFs in use (by a; capacity: "
            "policy.assumed_vfs_per_pf)");
  EXPECT_EQ(only_shortage(plan_on("this-vm.xml",
                                  "guests: [{name: a, interfaces: [{type: vf}]}]\n"
                                  "policy: {assumed_vfs_per_pf: 0}\n")),
            "guest a interfaces[0] | VFs | no PF with a free VF (this machine has no SR-IOV "
            "capable NIC)");
  EXPECT_EQ(only_shortage(plan_on("this-vm.xml",
                                  "guests: [{name: a, interfaces: [{type: vf, pf: eth9}]}]\n")),
            "guest a interfaces[0] | device | pf: no SR-IOV capable NIC named 'eth9' (PFs: eth0 "
            "on node 0: 0/8 used)");
  EXPECT_EQ(only_shortage(plan_on("16intel64-manyVFs.xml",
                                  "switch: {}\n"
                                  "ports: [{name: uplink0, device: eth4}]\n"
                                  "guests: [{name: a, interfaces: [{type: vf, pf: eth4}]}]\n")),
            "guest a interfaces[0] | device | pf: eth4 is switch port uplink0, driven by DPDK: "
            "it cannot also give kernel VFs");
}

TEST(Shortages, RecordedVfsAreTheCapacity) {
  // eth4 shows 3 VFs in the recording: the fourth guest gets none, whatever the policy says.
  std::string yaml = "guests:\n";
  for (int i = 0; i < 4; ++i) {
    yaml += "  - {name: g" + std::to_string(i) + ", interfaces: [{type: vf, pf: eth4}]}\n";
  }
  PlanReport report = plan_on("16intel64-manyVFs.xml", yaml);
  EXPECT_EQ(only_shortage(report),
            "guest g3 interfaces[0] | VFs | PF eth4: all 3 VFs in use (by g0, g1, g2; capacity: "
            "the VFs the topology shows)");
  ASSERT_EQ(report.placement.guests.size(), 4u);
  EXPECT_EQ(report.placement.guests[2].interfaces[0].vf->vf_bdf, "0000:0b:00.3");
}

TEST(Shortages, DevicesCpusAndNodesThatDoNotExist) {
  EXPECT_EQ(
      only_shortage(plan_on("this-vm.xml", "switch: {}\nports: [{name: p0, device: eth9}]\n")),
      "port p0 | device | device 'eth9' is not in the topology; NICs here: eth0 "
      "(0000:00:03.0)");
  EXPECT_EQ(only_shortage(plan_on("this-vm.xml", "switch: {}\nports: [{name: p0, device: vda}]\n")),
            "port p0 | device | device 'vda' (0000:00:02.0) is a storage, not a NIC");
  EXPECT_EQ(only_shortage(plan_on("this-vm.xml", "guests: [{name: a, numa: 3}]\n")),
            "guest a | NUMA node | numa: 3 is not a node with CPUs on this machine (nodes: 0)");
  EXPECT_EQ(only_shortage(plan_on("this-vm.xml", "host: {housekeeping_cpus: \"0,7\"}\n")),
            "host | CPUs | host.housekeeping_cpus: CPU 7 does not exist (this machine has CPUs "
            "0-1)");
  PlanReport pmds = plan_on("this-vm.xml",
                            "host: {housekeeping_cpus: \"0\"}\n"
                            "switch: {pmd_cpus: \"0,5\"}\n");
  ASSERT_EQ(pmds.shortages.size(), 2u);
  EXPECT_EQ(pmds.shortages[0].message,
            "switch.pmd_cpus: CPU 0 is a housekeeping CPU; take it out of one of the two lists");
  EXPECT_EQ(pmds.shortages[1].message,
            "switch.pmd_cpus: CPU 5 does not exist (this machine has CPUs 0-1)");
  EXPECT_EQ(only_shortage(plan_on("this-vm.xml", "switch: {pmd_cores: 3}\n")),
            "switch | CPUs | switch.pmd_cores: 3 needs 3 free physical cores, 1 placed; no whole "
            "core left (free CPUs: node 0: 0)");
}

TEST(Shortages, AllListedAndPlanRefuses) {
  const char* yaml =
      "host: {housekeeping_cpus: \"0\"}\n"
      "guests:\n"
      "  - {name: a, vcpus: 4}\n"
      "  - {name: b}\n"
      "  - {name: c, memory_mb: 65536}\n";
  auto placement = plan(fixture("this-vm.xml"), config_from(yaml));
  ASSERT_FALSE(placement);
  EXPECT_EQ(placement.error().message,
            "placement infeasible: 2 shortages\n"
            "- guest a: CPUs: needs 4 dedicated CPUs on one NUMA node; free CPUs: node 0: 1\n"
            "- guest c: CPUs and hugepage memory: needs 1 dedicated CPU and 65536 MB of 2M "
            "hugepages on one NUMA node; free CPUs: node 0: 0; hugepage memory left: node 0: "
            "7770 MB");
}

// Socket 0 of the VIC server is full (housekeeping, one PMD, a 6-vCPU guest), and a second
// guest wants bridge br0 whose uplink is there.
const char* kSocketZeroFull =
    "host: {housekeeping_cpus: \"0,8\"}\n"
    "switch: {pmd_cores: 1}\n"
    "ports: [{name: uplink0, device: eth4}]\n"
    "bridges: [{name: br0, ports: [uplink0]}]\n"
    "guests:\n"
    "  - {name: filler, vcpus: 6, numa: 0}\n"
    "  - {name: vnf, vcpus: 2, interfaces: [{type: vhost, bridge: br0}]}\n";

TEST(CrossNuma, WarnsWithTheCost) {
  PlanReport report = plan_on("16intel64-manyVFs.xml", kSocketZeroFull);
  ASSERT_TRUE(report.feasible()) << describe_shortages(report.shortages);
  const GuestPlacement& vnf = report.placement.guests[1];
  EXPECT_EQ(vnf.numa_node, 1u);
  EXPECT_EQ(vnf.preferred_nodes, (std::vector<uint32_t>{0}));
  EXPECT_FALSE(vnf.on_preferred_node());
  EXPECT_EQ(vnf.node_reason,
            "bridge br0 (uplink0) wants node 0, but node 0 has 0 free CPUs (needs 2): fell back "
            "to node 1");
  const Warning* warning = warning_about(report.placement, "guest vnf");
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->message,
            "vCPUs and memory on node 1, away from bridge br0 (uplink0) on node 0");
  EXPECT_NE(warning->cost.find("up to a third less throughput"), std::string::npos);
  EXPECT_NE(warning->cost.find("free CPUs or hugepage memory on the NIC's node"),
            std::string::npos);
}

TEST(CrossNuma, ForbidMakesItAShortage) {
  std::string yaml = std::string(kSocketZeroFull) + "policy: {cross_numa: forbid}\n";
  EXPECT_EQ(only_shortage(plan_on("16intel64-manyVFs.xml", yaml)),
            "guest vnf | CPUs | needs 2 dedicated CPUs on node 0, where its NICs are "
            "(policy.cross_numa: forbid); free CPUs: node 0: 0, node 1: 7");
}

TEST(CrossNuma, PortWithoutALocalPmd) {
  PlanReport report = plan_on("16intel64-manyVFs.xml",
                              "host: {housekeeping_cpus: \"0,8\"}\n"
                              "switch: {pmd_cores: 1}\n"
                              "ports: [{name: a, device: eth4}, {name: b, device: eth6}]\n");
  ASSERT_TRUE(report.feasible());
  ASSERT_EQ(report.placement.pmds.size(), 1u);
  EXPECT_EQ(report.placement.pmds[0].ports, (std::vector<std::string>{"a", "b"}));
  const Warning* warning = warning_about(report.placement, "port b");
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->message, "no PMD on node 1 where b (0000:88:00.0) sits; polled from node 0");

  PlanReport listed = plan_on("16intel64-manyVFs.xml",
                              "switch: {pmd_cpus: \"9\"}\nports: [{name: a, device: eth4}]\n");
  ASSERT_NE(warning_about(listed.placement, "switch"), nullptr);
  EXPECT_EQ(warning_about(listed.placement, "switch")->message,
            "PMD CPU 9 is on node 1, the ports are on node 0");
  EXPECT_NE(warning_about(listed.placement, "port a"), nullptr);
}

TEST(GpuPairing, FarNicIsAWarningWithItsCost) {
  // The only GPU of socket 0 on this server has no NIC on its socket.
  PlanReport report = plan_on("32em64t-2n8c2t-pci-wholeio.xml",
                              "guests: [{name: ai, role: ai, gpus: 1, numa: 0}]\n");
  ASSERT_TRUE(report.feasible()) << describe_shortages(report.shortages);
  const GpuPlacement& gpu = report.placement.guests[0].gpus[0];
  EXPECT_EQ(gpu.gpu_bdf, "0000:03:00.0");
  EXPECT_EQ(gpu.pcie_class, PcieClass::kSys);
  EXPECT_EQ(gpu.nic->pf_name, "ib0");  // all SYS: the lowest BDF, the hand-edited ConnectX-4
  auto poor = std::find_if(report.placement.warnings.begin(), report.placement.warnings.end(),
                           [](const Warning& w) {
                             return w.message ==
                                    "GPU 0000:03:00.0 pairs with NIC ib0 at SYS "
                                    "(across NUMA nodes)";
                           });
  ASSERT_NE(poor, report.placement.warnings.end());
  EXPECT_NE(poor->cost.find("crosses the inter-socket link"), std::string::npos);

  // Left to choose, an ai guest goes where the GPUs and their NICs are.
  PlanReport chosen =
      plan_on("32em64t-2n8c2t-pci-wholeio.xml", "guests: [{name: ai, role: ai, gpus: 2}]\n");
  ASSERT_TRUE(chosen.feasible());
  EXPECT_EQ(chosen.placement.guests[0].numa_node, 1u);
  EXPECT_EQ(chosen.placement.guests[0].gpus[0].gpu_bdf, "0000:84:00.0");
  EXPECT_EQ(chosen.placement.guests[0].gpus[0].pcie_class, PcieClass::kPix);
  EXPECT_EQ(chosen.placement.guests[0].gpus[0].nic->pf_name, "ib0");
}

TEST(Smt, IsolateKeepsPmdSiblingsIdle) {
  const char* yaml =
      "switch: {pmd_cores: 1}\n"
      "ports: [{name: p, device: eth0}]\n"
      "guests: [{name: a, vcpus: 3, numa: 0}]\n";
  PlanReport report = plan_on("24em64t-2n6c2t-pci.xml", yaml);
  ASSERT_TRUE(report.feasible()) << describe_shortages(report.shortages);
  // Housekeeping: core 0 of each package (CPUs 0,12 and 1,13).
  EXPECT_EQ(report.placement.housekeeping.cpus, (std::vector<uint32_t>{0, 1, 12, 13}));
  EXPECT_EQ(report.placement.pmds[0].cpu, 2u);
  EXPECT_EQ(report.placement.pmds[0].idle_siblings, (std::vector<uint32_t>{14}));
  EXPECT_EQ(report.placement.guests[0].vcpu_cpus, (std::vector<uint32_t>{4, 16, 6}));
  EXPECT_EQ(report.placement.guests[0].vcpu_reason,
            "one CPU per vCPU on 2 physical cores of node 0, SMT siblings paired inside the "
            "guest");
  // Node 0 has 8 CPUs left that share no core with the PMD: a 9th vCPU is short.
  EXPECT_EQ(only_shortage(plan_on("24em64t-2n6c2t-pci.xml",
                                  "switch: {pmd_cores: 1}\n"
                                  "ports: [{name: p, device: eth0}]\n"
                                  "guests: [{name: a, vcpus: 9, numa: 0}]\n")),
            "guest a | CPUs | needs 9 dedicated CPUs on node 0 (numa: 0); free CPUs: node 0: 8, "
            "node 1: 10");
}

TEST(Smt, ShareLetsAVcpuBesideAPmdWithAWarning) {
  PlanReport report = plan_on("24em64t-2n6c2t-pci.xml",
                              "switch: {pmd_cores: 1}\n"
                              "ports: [{name: p, device: eth0}]\n"
                              "guests: [{name: a, vcpus: 9, numa: 0}]\n"
                              "policy: {smt: share}\n");
  ASSERT_TRUE(report.feasible()) << describe_shortages(report.shortages);
  EXPECT_TRUE(report.placement.pmds[0].idle_siblings.empty());
  EXPECT_EQ(report.placement.guests[0].vcpu_cpus.back(), 14u);  // the PMD's sibling, last
  const Warning* warning = warning_about(report.placement, "guest a");
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->message, "a vCPU shares a physical core with a PMD (policy.smt: share)");
}

// Housekeeping keeps whole cores: with only CPU 0 listed, its sibling CPU 12 goes to no PMD
// and no dedicated vCPU, unless policy.smt: share allows it, and then with a warning.
TEST(Smt, HousekeepingKeepsItsWholeCore) {
  const char* host = "host: {housekeeping_cpus: \"0\"}\n";
  PlanReport ten = plan_on("24em64t-2n6c2t-pci.xml",
                           std::string(host) + "guests: [{name: a, vcpus: 10, numa: 0}]\n");
  ASSERT_TRUE(ten.feasible()) << describe_shortages(ten.shortages);
  EXPECT_EQ(ten.placement.guests[0].vcpu_cpus,
            (std::vector<uint32_t>{2, 14, 4, 16, 6, 18, 8, 20, 10, 22}));
  EXPECT_EQ(only_shortage(plan_on("24em64t-2n6c2t-pci.xml",
                                  std::string(host) + "guests: [{name: a, vcpus: 11, numa: 0}]\n")),
            "guest a | CPUs | needs 11 dedicated CPUs on node 0 (numa: 0); free CPUs: node 0: 10, "
            "node 1: 12");
  PlanReport shared =
      plan_on("24em64t-2n6c2t-pci.xml", std::string(host) +
                                            "guests: [{name: a, vcpus: 11, numa: 0}]\n"
                                            "policy: {smt: share}\n");
  ASSERT_TRUE(shared.feasible()) << describe_shortages(shared.shortages);
  EXPECT_EQ(shared.placement.guests[0].vcpu_cpus.back(), 12u);  // the housekeeping sibling, last
  const Warning* warning = warning_about(shared.placement, "guest a");
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->message,
            "vCPU CPU 12 shares a physical core with housekeeping (policy.smt: share)");
  EXPECT_NE(warning->cost.find("stolen cycles and jitter in the guest"), std::string::npos);
}

TEST(Smt, ListedPmdBesideHousekeeping) {
  const char* yaml =
      "host: {housekeeping_cpus: \"0\"}\n"
      "switch: {pmd_cpus: \"12\"}\n"
      "ports: [{name: p, device: eth0}]\n";
  EXPECT_EQ(only_shortage(plan_on("24em64t-2n6c2t-pci.xml", yaml)),
            "switch | CPUs | switch.pmd_cpus: CPU 12 shares physical core 0 with housekeeping "
            "CPU 0, which keeps its whole core; list a CPU of another core or set policy.smt: "
            "share");
  PlanReport shared =
      plan_on("24em64t-2n6c2t-pci.xml", std::string(yaml) + "policy: {smt: share}\n");
  ASSERT_TRUE(shared.feasible()) << describe_shortages(shared.shortages);
  EXPECT_EQ(shared.placement.pmds[0].cpu, 12u);
  const Warning* warning = warning_about(shared.placement, "switch");
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->message,
            "PMD CPU 12 shares physical core 0 with housekeeping CPU 0 (policy.smt: share)");
}

TEST(Shortages, PmdCpusListedTwice) {
  // The YAML parser folds repeats ("2,2-4"); a config built in code must not slip them through.
  config::ApplianceConfig config = config_from(
      "switch: {pmd_cpus: \"2\"}\n"
      "ports: [{name: p, device: eth0}]\n");
  config.switch_config.pmd_cpus = {4, 2, 6, 4, 2, 4};
  config.switch_config.pmd_cores = 6;
  PlanReport report = plan_placement(fixture("24em64t-2n6c2t-pci.xml"), config);
  EXPECT_EQ(only_shortage(report),
            "switch | CPUs | switch.pmd_cpus lists CPUs 2,4 more than once; one PMD per CPU, so "
            "list each CPU once");
  EXPECT_TRUE(report.placement.pmds.empty());
}

TEST(EmulatorThreads, DedicatedTakesACpuOfTheGuestsNode) {
  PlanReport report = plan_on("16intel64-manyVFs.xml",
                              "host: {housekeeping_cpus: \"0,8\"}\n"
                              "guests: [{name: a, vcpus: 2, numa: 1}]\n"
                              "policy: {emulator_threads: dedicated}\n");
  ASSERT_TRUE(report.feasible());
  EXPECT_EQ(report.placement.guests[0].vcpu_cpus, (std::vector<uint32_t>{9, 10}));
  EXPECT_EQ(report.placement.guests[0].emulator_cpus, (std::vector<uint32_t>{11}));
  PlanReport shared = plan_on("16intel64-manyVFs.xml",
                              "host: {housekeeping_cpus: \"0\"}\n"
                              "guests: [{name: a, numa: 1}]\n");
  EXPECT_EQ(shared.placement.guests[0].emulator_cpus, (std::vector<uint32_t>{0}));
  EXPECT_EQ(shared.placement.guests[0].emulator_reason,
            "policy.emulator_threads: housekeeping: node 1 has no housekeeping CPU, so all of "
            "them");
}

TEST(Hugepages, UnknownNodeMemoryIsAWarning) {
  PlanReport report = plan_on("AMD-19h-Zen3-2xEpyc-7763.xml",
                              "guests: [{name: a, memory_mb: 1048576, hugepage_size: 1G}]\n");
  ASSERT_TRUE(report.feasible());
  const Warning* warning = warning_about(report.placement, "node 0");
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->message, "the topology does not record this node's memory size");
}

TEST(Hugepages, SwitchMemoryOnEveryPortNode) {
  PlanReport report = plan_on("16intel64-manyVFs.xml",
                              "switch: {pmd_cores: 2, memory_mb: 2048}\n"
                              "ports: [{name: a, device: eth4}, {name: b, device: eth6}]\n");
  ASSERT_TRUE(report.feasible());
  ASSERT_EQ(report.placement.hugepages.size(), 2u);
  for (const auto& r : report.placement.hugepages) {
    EXPECT_EQ(r.pages, 1024u);
    EXPECT_EQ(r.consumers, (std::vector<std::string>{"switch 2048 MB"}));
  }
}

}  // namespace
}  // namespace nfv::topology
