// nfvctl topology and nfvctl plan, run through the same registry nfvctl's main uses: valid
// JSON with the documented keys, text drawn from the same data, and the exit codes operators
// script against (0 ok, 1 infeasible or error, 2 usage, 3 warnings).
#include "nfv/nfvctl/topology_commands.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "fixtures.h"
#include "nfv/cli/command.h"
#include "nfv/testing/command_run.h"

namespace nfv {
namespace {

using topology::testing::example_path;
using topology::testing::fixture_path;

using nfv::testing::CommandRun;

CommandRun nfvctl(std::vector<std::string> args, bool json = false) {
  cli::Registry registry;
  nfv::nfvctl::register_topology_commands(registry);
  return nfv::testing::run_command(registry, args, json);
}

std::string write_config(const std::string& name, const std::string& yaml) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << yaml;
  return path;
}

void expect_keys(const nlohmann::json& value, const std::vector<std::string>& keys) {
  for (const auto& key : keys) EXPECT_TRUE(value.contains(key)) << key << " in " << value.dump();
}

TEST(TopologyCommand, JsonHasTheModel) {
  CommandRun run = nfvctl({"topology", "--input", fixture_path("this-vm.xml")}, true);
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err;
  auto value = run.json();
  expect_keys(value,
              {"source", "summary", "packages", "numa_nodes", "cores", "l3_groups", "pci_devices"});
  EXPECT_EQ(value["summary"]["cpus"], 2);
  EXPECT_EQ(value["numa_nodes"][0]["hugepages"][0]["page_size"], "2M");
  EXPECT_EQ(value["numa_nodes"][0]["hugepages"][0]["total"], 2048);
  const auto& eth0 = value["pci_devices"][3];
  expect_keys(eth0, {"bdf", "kind", "class", "vendor_id", "device_id", "numa_nodes", "os_devices",
                     "rdma", "vf", "physical_function", "sriov_total_vfs", "pcie_path"});
  EXPECT_EQ(eth0["bdf"], "0000:00:03.0");
  EXPECT_EQ(eth0["kind"], "nic");
  EXPECT_EQ(eth0["os_devices"][0]["name"], "eth0");
}

TEST(TopologyCommand, TextTree) {
  std::string path = fixture_path("this-vm.xml");
  CommandRun run = nfvctl({"topology", "-i", path});
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err;
  EXPECT_EQ(run.out.substr(0, run.out.find('\n')),
            path + ": 1 package, 1 NUMA node, 2 cores, 2 CPUs, 6 PCI devices");
  EXPECT_NE(run.out.find("package 0 (AMD EPYC)\n"
                         "  node 0: memory 9.6 GiB; hugepages 2M: 2048, 1G: 0; CPUs 0-1\n"
                         "    L3 #0 (32 MiB): cores 0-1, CPUs 0-1\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("0000:00:03.0  nic      1af4:1041  eth0"), std::string::npos) << run.out;
}

TEST(TopologyCommand, PcieMatrix) {
  CommandRun run =
      nfvctl({"topology", "-i", fixture_path("nvidiaDGX2-with-nics.xml"), "--matrix"}, true);
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err;
  auto value = run.json();
  ASSERT_EQ(value["devices"].size(), 24u);  // 16 GPUs, 8 NICs
  EXPECT_EQ(value["devices"][2]["name"], "ib0");
  EXPECT_EQ(value["classes"][0][0], "X");
  EXPECT_EQ(value["classes"][0][2], "PIX");
  CommandRun text = nfvctl({"topology", "-i", fixture_path("nvidiaDGX2-with-nics.xml"), "-m"});
  EXPECT_NE(text.out.find("PIX  same PCIe switch"), std::string::npos) << text.out;
}

TEST(TopologyCommand, BadInputIsAnError) {
  CommandRun run = nfvctl({"topology", "-i", "/nonexistent.xml"});
  EXPECT_EQ(run.exit_code, cli::kExitError);
  EXPECT_EQ(run.err,
            "nfvctl: topology file /nonexistent.xml: cannot open (No such file or directory)\n");
}

TEST(PlanCommand, JsonHasThePlacement) {
  CommandRun run = nfvctl(
      {"plan", "--config", example_path("dev-vm.yaml"), "--topology", fixture_path("this-vm.xml")},
      true);
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err << run.out;
  auto value = run.json();
  expect_keys(value, {"topology", "config", "feasible", "housekeeping", "pmds", "guests",
                      "hugepages", "warnings", "shortages"});
  EXPECT_EQ(value["feasible"], true);
  expect_keys(value["pmds"][0], {"cpu", "core", "numa_node", "idle_siblings", "ports", "reason"});
  expect_keys(value["guests"][0],
              {"name", "numa_node", "preferred_nodes", "node_reason", "cpu_policy", "vcpus",
               "vcpu_cpus", "vcpu_reason", "emulator_cpus", "emulator_reason", "memory_mb",
               "hugepage_size", "hugepages", "interfaces", "gpus"});
  expect_keys(value["hugepages"][0],
              {"numa_node", "page_size", "pages", "reserved", "to_reserve", "consumers"});
}

TEST(PlanCommand, TextTablesAndReasons) {
  CommandRun run = nfvctl({"plan", "-c", example_path("telco-vnf-host.yaml"), "-t",
                           fixture_path("16intel64-manyVFs.xml")});
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err;
  for (const char* part : {"PMD threads\nCPU  CORE  NODE  IDLE SIBLINGS  POLLS\n", "\nguests\n",
                           "\ndevices\n", "\nhugepages\n", "\nreasons\n",
                           "vrouter   interfaces[1]  VF 0 of eth5 = 0000:0c:00.1  0"}) {
    EXPECT_NE(run.out.find(part), std::string::npos) << part << "\nin:\n" << run.out;
  }
  EXPECT_EQ(run.out.find("warnings"), std::string::npos);
}

TEST(PlanCommand, WarningsExitThree) {
  std::string config = write_config("warn.yaml",
                                    "host: {housekeeping_cpus: \"0,8\"}\n"
                                    "switch: {pmd_cores: 1}\n"
                                    "ports: [{name: a, device: eth4}, {name: b, device: eth6}]\n");
  CommandRun run = nfvctl({"plan", "-c", config, "-t", fixture_path("16intel64-manyVFs.xml")});
  EXPECT_EQ(run.exit_code, cli::kExitWarnings);
  EXPECT_NE(run.out.find("\nwarnings (1)\n  port b: no PMD on node 1"), std::string::npos)
      << run.out;
  CommandRun json =
      nfvctl({"plan", "-c", config, "-t", fixture_path("16intel64-manyVFs.xml")}, true);
  EXPECT_EQ(json.exit_code, cli::kExitWarnings);
  EXPECT_EQ(json.json()["warnings"][0]["subject"], "port b");
}

TEST(PlanCommand, InfeasibleExitsOneWithTheShortages) {
  std::string config = write_config("big.yaml", "guests: [{name: big, vcpus: 8}]\n");
  CommandRun run = nfvctl({"plan", "-c", config, "-t", fixture_path("this-vm.xml")});
  EXPECT_EQ(run.exit_code, cli::kExitError);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err,
            "nfvctl: placement infeasible: 1 shortage\n"
            "- guest big: CPUs: needs 8 dedicated CPUs on one NUMA node; free CPUs: node 0: 1\n");
  CommandRun json = nfvctl({"plan", "-c", config, "-t", fixture_path("this-vm.xml")}, true);
  EXPECT_EQ(json.exit_code, cli::kExitError);
  auto value = json.json();
  EXPECT_EQ(value["error"], "placement infeasible: 1 shortage");
  EXPECT_EQ(value["feasible"], false);
  ASSERT_EQ(value["shortages"].size(), 1u);
  EXPECT_EQ(value["shortages"][0]["subject"], "guest big");
  EXPECT_EQ(value["shortages"][0]["resource"], "CPUs");
}

TEST(PlanCommand, UsageAndConfigErrors) {
  CommandRun missing = nfvctl({"plan", "-t", fixture_path("this-vm.xml")});
  EXPECT_EQ(missing.exit_code, cli::kExitUsage);
  EXPECT_NE(missing.err.find("--config"), std::string::npos) << missing.err;
  CommandRun help = nfvctl({"plan", "--help"});
  EXPECT_EQ(help.exit_code, cli::kExitOk);
  EXPECT_NE(help.out.find("usage: nfvctl plan [options]"), std::string::npos);
  EXPECT_NE(help.out.find("--topology"), std::string::npos);
  std::string config = write_config("typo.yaml", "guests: [{name: a, vpcus: 2}]\n");
  CommandRun typo = nfvctl({"plan", "-c", config, "-t", fixture_path("this-vm.xml")});
  EXPECT_EQ(typo.exit_code, cli::kExitError);
  EXPECT_NE(typo.err.find(config + ":1:20: guests[0].vpcus: unknown key (did you mean 'vcpus'?)"),
            std::string::npos)
      << typo.err;
}

}  // namespace
}  // namespace nfv
