// nfvctl topology [--input FILE.xml] [--matrix]
// nfvctl plan --config FILE [--topology FILE.xml]
#include "nfv/nfvctl/topology_commands.h"

#include <string>
#include <vector>

#include "nfv/cli/output.h"
#include "nfv/config/parse.h"
#include "nfv/topology/hwloc_loader.h"
#include "nfv/topology/json.h"
#include "nfv/topology/planner.h"
#include "topology/views.h"

namespace nfv::nfvctl {
namespace {

namespace po = boost::program_options;

// Where a command reads the machine from: an XML recording, or this machine through hwloc and
// a sysfs root.
struct MachineSource {
  std::string xml;
  std::string sysfs_root;

  void add_options(po::options_description& options, const char* xml_option, const char* xml_help) {
    options.add_options()(xml_option, po::value(&xml)->value_name("FILE.xml"), xml_help)(
        "sysfs", po::value(&sysfs_root)->default_value("/sys")->value_name("DIR"),
        "sysfs root read for hugepages and SR-IOV on this machine");
  }
  Result<topology::Topology> load() const {
    if (xml.empty()) return topology::load_live_topology(sysfs_root);
    return topology::load_topology_from_xml(xml);
  }
};

int run_topology(cli::Context& ctx, const std::vector<std::string>& args) {
  MachineSource machine;
  bool matrix = false;
  po::options_description options("Shows NUMA nodes, cores, memory and PCI devices");
  machine.add_options(options, "input,i", "an hwloc XML recording (default: this machine)");
  options.add_options()("matrix,m", po::bool_switch(&matrix),
                        "the PCIe class between every GPU and NIC, like `nvidia-smi topo -m`");
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "topology", args, options, {}, exit_code)) return exit_code;

  auto topology = machine.load();
  if (!topology) return cli::fail(ctx, topology.error().message);
  if (matrix) {
    topology::json value = topology::pcie_matrix_to_json(*topology);
    cli::emit(ctx, value, [&](std::ostream& out) { render_pcie_matrix(value, out); });
    return cli::kExitOk;
  }
  topology::json value = topology::topology_to_json(*topology);
  cli::emit(ctx, value, [&](std::ostream& out) { render_topology(value, out); });
  return cli::kExitOk;
}

int run_plan(cli::Context& ctx, const std::vector<std::string>& args) {
  std::string config_path;
  MachineSource machine;
  po::options_description options(
      "Places PMDs, guests, hugepages, VFs and GPUs for a config, with the reasons");
  options.add_options()("config,c", po::value(&config_path)->required()->value_name("FILE"),
                        "the appliance config (YAML; see config/SCHEMA.md)");
  machine.add_options(options, "topology,t",
                      "plan for an hwloc XML recording instead of this machine");
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "plan", args, options, {}, exit_code)) return exit_code;

  auto config = config::load_config_file(config_path);
  if (!config) return cli::fail(ctx, config.error().message);
  auto topology = machine.load();
  if (!topology) return cli::fail(ctx, topology.error().message);

  topology::PlanReport report = topology::plan_placement(*topology, *config);
  topology::json value = topology::plan_to_json(report);
  if (!report.feasible()) {
    // The partial placement must not be mistaken for a plan: text mode shows only what is short.
    std::string message = topology::describe_shortages(report.shortages);
    if (!ctx.json) return cli::fail(ctx, message);
    value["error"] = message.substr(0, message.find('\n'));
    cli::emit(ctx, value, [](std::ostream&) {});
    return cli::kExitError;
  }
  cli::emit(ctx, value, [&](std::ostream& out) { render_plan(value, out); });
  return report.placement.warnings.empty() ? cli::kExitOk : cli::kExitWarnings;
}

}  // namespace

void register_topology_commands(cli::Registry& registry) {
  registry.add(
      {"topology", "show NUMA nodes, cores, hugepages and PCI devices (hwloc)", run_topology});
  registry.add({"plan", "place PMDs, guests, hugepages, VFs and GPUs for a config", run_plan});
}

}  // namespace nfv::nfvctl
