// `nfvctl vfs` and `nfvctl vf adopt`: what the host has, and the allocation file against it.
#include "nfv/cli/output.h"
#include "sriov/commands.h"
#include "sriov/host_session.h"
#include "sriov/views.h"

namespace nfv::nfvctl {

namespace po = boost::program_options;
using cli::json;

int run_vfs(cli::Context& ctx, const std::vector<std::string>& args,
            const SriovBackends& backends) {
  HostOptions host;
  po::options_description options(
      "nfvctl vfs: SR-IOV PFs, their VFs, drivers, IOMMU groups, "
      "owners and NUMA nodes");
  add_host_options(options, host);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vfs", args, options, {}, exit_code)) return exit_code;
  SriovSession session(ctx, host, backends);
  auto inventory = session.manager().inventory();
  if (!inventory) return cli::fail(ctx, inventory.error().message);
  json value = inventory_json(*inventory);
  cli::emit(ctx, value, [&](std::ostream& out) { render_inventory(out, value); });
  return inventory->stale.empty() ? cli::kExitOk : cli::kExitWarnings;
}

int run_vf_adopt(cli::Context& ctx, const std::vector<std::string>& args,
                 const SriovBackends& backends) {
  HostOptions host;
  po::options_description options(
      "nfvctl vf adopt: check the allocation file against sysfs, drop stale records (what nfvd "
      "does at start; touches no device)");
  add_host_options(options, host);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vf adopt", args, options, {}, exit_code)) return exit_code;
  SriovSession session(ctx, host, backends);
  auto report = session.manager().adopt();
  if (!report) return cli::fail(ctx, report.error().message);
  json value{{"adopted", json::array()}, {"dropped", json::array()}};
  for (const sriov::Allocation& a : report->adopted) value["adopted"].push_back(allocation_json(a));
  for (const sriov::StaleAllocation& s : report->dropped) value["dropped"].push_back(stale_json(s));
  cli::emit(ctx, value, [&](std::ostream& out) {
    out << report->adopted.size() << " allocations adopted, " << report->dropped.size()
        << " stale records dropped\n";
  });
  return cli::kExitOk;
}

}  // namespace nfv::nfvctl
