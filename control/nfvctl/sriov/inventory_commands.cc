// `nfvctl vfs` and `nfvctl vf adopt`: what the host has, and the allocation file against it.
#include <chrono>
#include <optional>

#include "nfv/api/nfvd_api.h"
#include "nfv/api/switch_client.h"
#include "nfv/cli/output.h"
#include "nfvd/views.h"
#include "sriov/commands.h"
#include "sriov/host_session.h"
#include "sriov/views.h"

namespace nfv::nfvctl {

namespace po = boost::program_options;
using cli::json;

namespace {

// A nfvd that is stuck must not hold up nfvctl for long: it is then treated as absent.
constexpr auto kNfvdTimeout = std::chrono::seconds(2);

// nfvd's view of the VFs, rendered; nullopt when nfvd does not answer (the reason on stderr,
// one line: the host is then read directly).
std::optional<int> vfs_through_nfvd(cli::Context& ctx) {
  if (ctx.nfvd_socket.empty()) return std::nullopt;
  auto nfvd = api::SwitchClient::connect(ctx.nfvd_socket, "nfvctl", kNfvdTimeout);
  auto list = nfvd ? nfvd->call(api::kNfvdVfs) : Result<api::NfvdVfList>(nfvd.error());
  if (!list) {
    *ctx.err << "nfvd does not answer at " << ctx.nfvd_socket << " (" << list.error().message
             << "): reading the host directly (sysfs, the allocation file)\n";
    return std::nullopt;
  }
  cli::emit(ctx, api::to_wire(*list), [&](std::ostream& out) { render_nfvd_vfs(out, *list); });
  return cli::kExitOk;
}

}  // namespace

int run_vfs(cli::Context& ctx, const std::vector<std::string>& args,
            const SriovBackends& backends) {
  HostOptions host;
  bool local = false;
  po::options_description options(
      "nfvctl vfs: SR-IOV PFs and their VFs; through nfvd when it runs (desired vs observed, "
      "nfvd's or foreign), else from the host (drivers, IOMMU groups, owners, NUMA nodes)");
  options.add_options()("local", po::bool_switch(&local), "read the host, not nfvd");
  add_host_options(options, host);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vfs", args, options, {}, exit_code)) return exit_code;
  if (!local) {
    if (auto through_nfvd = vfs_through_nfvd(ctx)) return *through_nfvd;
  }
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
