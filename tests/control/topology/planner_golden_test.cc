// The example configs on the machines they were written for: the whole plan is a golden file
// (regenerate with NFV_UPDATE_GOLDEN=1 and review the diff), and the decisions that matter
// are also asserted one by one, so a golden refresh cannot quietly accept a wrong plan.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "fixtures.h"
#include "nfv/topology/json.h"
#include "nfv/topology/planner.h"

namespace nfv::topology {
namespace {

using testing::example;
using testing::fixture;

struct GoldenCase {
  const char* config;
  const char* fixture;
};

std::string stem(const std::string& file) { return file.substr(0, file.rfind('.')); }

class PlanGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(PlanGolden, MatchesGoldenFile) {
  const GoldenCase& c = GetParam();
  PlanReport report = plan_placement(fixture(c.fixture), example(c.config));
  ASSERT_TRUE(report.feasible()) << describe_shortages(report.shortages);
  std::string current = plan_to_json(report).dump(2) + "\n";
  std::string path =
      std::string(NFV_PLAN_GOLDEN_DIR) + "/" + stem(c.config) + "." + stem(c.fixture) + ".json";
  if (std::getenv("NFV_UPDATE_GOLDEN") != nullptr) std::ofstream(path) << current;
  std::ifstream in(path);
  ASSERT_TRUE(in) << "missing " << path << "; run with NFV_UPDATE_GOLDEN=1";
  std::stringstream golden;
  golden << in.rdbuf();
  EXPECT_EQ(golden.str(), current) << "the plan changed; if intended, regenerate with "
                                      "NFV_UPDATE_GOLDEN=1 and review the diff";
}

INSTANTIATE_TEST_SUITE_P(
    Examples, PlanGolden,
    ::testing::Values(GoldenCase{"telco-vnf-host.yaml", "16intel64-manyVFs.xml"},
                      GoldenCase{"ai-gpu-node.yaml", "nvidiaDGX2-with-nics.xml"},
                      GoldenCase{"dev-vm.yaml", "this-vm.xml"}));

const GuestPlacement& guest(const Placement& placement, const std::string& name) {
  for (const auto& g : placement.guests) {
    if (g.name == name) return g;
  }
  ADD_FAILURE() << "no guest " << name;
  std::abort();
}

TEST(ExamplePlans, TelcoHostKeepsEachVnfWithItsUplink) {
  auto placement = plan(fixture("16intel64-manyVFs.xml"), example("telco-vnf-host.yaml"));
  ASSERT_TRUE(placement) << placement.error().message;
  EXPECT_EQ(placement->housekeeping.cpus, (std::vector<uint32_t>{0, 8}));
  ASSERT_EQ(placement->pmds.size(), 2u);
  EXPECT_EQ(placement->pmds[0].cpu, 1u);
  EXPECT_EQ(placement->pmds[0].numa_node, 0u);
  EXPECT_EQ(placement->pmds[0].ports, (std::vector<std::string>{"uplink0"}));
  EXPECT_EQ(placement->pmds[1].cpu, 9u);
  EXPECT_EQ(placement->pmds[1].ports, (std::vector<std::string>{"uplink1"}));

  const GuestPlacement& vrouter = guest(*placement, "vrouter");
  EXPECT_EQ(vrouter.numa_node, 0u);
  EXPECT_EQ(vrouter.vcpu_cpus, (std::vector<uint32_t>{2, 3, 4, 5}));
  EXPECT_EQ(vrouter.emulator_cpus, (std::vector<uint32_t>{0}));
  EXPECT_EQ(vrouter.hugepages, 4u);
  ASSERT_TRUE(vrouter.interfaces[1].vf.has_value());
  // eth0/eth1 are reserved, eth4 is uplink0: the VF comes from eth5's recorded VFs.
  EXPECT_EQ(vrouter.interfaces[1].vf->pf_name, "eth5");
  EXPECT_EQ(vrouter.interfaces[1].vf->vf_bdf, "0000:0c:00.1");

  const GuestPlacement& firewall = guest(*placement, "firewall");
  EXPECT_EQ(firewall.numa_node, 1u);
  EXPECT_EQ(firewall.vcpu_cpus, (std::vector<uint32_t>{10, 11, 12, 13}));
  EXPECT_EQ(firewall.interfaces[1].vf->pf_bdf, "0000:89:00.0");
  EXPECT_FALSE(firewall.interfaces[1].vf->vf_bdf.has_value());  // created at apply

  const GuestPlacement& dpi = guest(*placement, "dpi");
  EXPECT_EQ(dpi.numa_node, 0u);
  EXPECT_EQ(dpi.vcpu_cpus, (std::vector<uint32_t>{6, 7}));
  EXPECT_TRUE(placement->warnings.empty());

  ASSERT_EQ(placement->hugepages.size(), 3u);
  EXPECT_EQ(placement->hugepages[1].numa_node, 0u);
  EXPECT_EQ(placement->hugepages[1].page_size, 1ULL << 30);
  EXPECT_EQ(placement->hugepages[1].pages, 5u);  // switch 1 GiB + vrouter 4 GiB
  EXPECT_EQ(placement->hugepages[1].to_reserve, 5u);
}

TEST(ExamplePlans, PvpGuestSitsBesideTheNicItIsCrossConnectedWith) {
  auto placement = plan(fixture("16intel64-manyVFs.xml"), example("pvp-benchmark.yaml"));
  ASSERT_TRUE(placement) << placement.error().message;
  const GuestPlacement& dut = guest(*placement, "dut");
  EXPECT_EQ(dut.numa_node, 0u) << "nic0 (0000:0b:00.0) is on node 0";
  ASSERT_EQ(dut.interfaces.size(), 1u);
  EXPECT_EQ(dut.interfaces[0].bridge, "");
  EXPECT_EQ(dut.interfaces[0].xconnect, "nic0");
  EXPECT_NE(dut.interfaces[0].reason.find("vhost-user port on a cross-connect with nic0"),
            std::string::npos)
      << dut.interfaces[0].reason;
  EXPECT_NE(dut.interfaces[0].reason.find("beside port nic0 (cross-connected)"), std::string::npos)
      << dut.interfaces[0].reason;
}

TEST(ExamplePlans, AiNodePairsEveryGpuWithTheNicBehindItsSwitch) {
  const Topology& dgx = fixture("nvidiaDGX2-with-nics.xml");
  auto placement = plan(dgx, example("ai-gpu-node.yaml"));
  ASSERT_TRUE(placement) << placement.error().message;
  EXPECT_TRUE(placement->warnings.empty());
  std::map<std::string, int> gpus_per_nic;
  for (uint32_t node : {0u, 1u}) {
    const GuestPlacement& trainer = guest(*placement, "trainer-" + std::to_string(node));
    EXPECT_EQ(trainer.numa_node, node);
    ASSERT_EQ(trainer.gpus.size(), 8u);
    for (const auto& gpu : trainer.gpus) {
      EXPECT_EQ(gpu.numa_node, node);
      ASSERT_TRUE(gpu.nic.has_value());
      EXPECT_EQ(gpu.pcie_class, PcieClass::kPix) << gpu.gpu_bdf;
      EXPECT_EQ(pcie_distance(*dgx.find_device(gpu.gpu_bdf), *dgx.find_device(gpu.nic->pf_bdf)),
                PcieClass::kPix);
      ++gpus_per_nic[gpu.nic->pf_name];
    }
  }
  ASSERT_EQ(gpus_per_nic.size(), 8u);  // 16 GPUs, 8 NICs: each NIC serves its switch's pair
  for (const auto& [nic, count] : gpus_per_nic) EXPECT_EQ(count, 2) << nic;
  EXPECT_EQ(guest(*placement, "trainer-0").gpus[0].nic->pf_name, "ib0");
  EXPECT_EQ(guest(*placement, "trainer-0").gpus[0].gpu_bdf, "0000:34:00.0");
}

TEST(ExamplePlans, DevVmFitsItsTwoCpus) {
  auto placement = plan(fixture("this-vm.xml"), example("dev-vm.yaml"));
  ASSERT_TRUE(placement) << placement.error().message;
  ASSERT_EQ(placement->pmds.size(), 1u);
  EXPECT_EQ(placement->pmds[0].cpu, 1u);
  EXPECT_EQ(placement->pmds[0].ports, (std::vector<std::string>{"tap0"}));
  const GuestPlacement& demo = guest(*placement, "demo");
  EXPECT_EQ(demo.cpu_policy, config::CpuPolicy::kShared);
  EXPECT_EQ(demo.vcpu_cpus, (std::vector<uint32_t>{0}));  // the PMD's CPU is never shared
  ASSERT_EQ(placement->hugepages.size(), 1u);
  EXPECT_EQ(placement->hugepages[0].pages, 768u);
  EXPECT_EQ(placement->hugepages[0].reserved, 2048u);
  EXPECT_EQ(placement->hugepages[0].to_reserve, 0u);
  EXPECT_TRUE(placement->warnings.empty());
}

}  // namespace
}  // namespace nfv::topology
