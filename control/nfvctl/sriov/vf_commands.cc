// `nfvctl vf create|bind|release|set`: VF counts, handing devices to vfio-pci and back, and VF
// settings over rtnetlink.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "nfv/cli/output.h"
#include "sriov/commands.h"
#include "sriov/host_session.h"
#include "sriov/settings_options.h"
#include "sriov/vf_guard.h"
#include "sriov/views.h"

namespace nfv::nfvctl {
namespace {

namespace po = boost::program_options;
using cli::json;
using sriov::PciAddress;

void render_vf_count(std::ostream& out, const sriov::PhysicalFunction& pf) {
  out << "PF " << pf.device.address.str() << ": " << pf.num_vfs << " VFs";
  if (!pf.vfs.empty()) {
    out << " (" << pf.vfs.front().device.address.str() << " .. "
        << pf.vfs.back().device.address.str() << ")";
  }
  out << ", sriov_drivers_autoprobe " << (pf.drivers_autoprobe ? 1 : 0) << "\n";
}

struct BindOptions {
  HostOptions host;
  SettingsOptions settings;
  std::string vf, owner = "operator", purpose = "guest", model, pf;
  std::optional<int> node;
  bool node_required = false;
};

void add_bind_options(po::options_description& options, BindOptions& o) {
  auto add = options.add_options();
  add("vf", po::value(&o.vf), "device address, e.g. 0000:3b:02.0");
  add("node", po::value<int>()->notifier([&o](int v) { o.node = v; }),
      "instead of --vf: take a free VF, preferring this NUMA node");
  add("strict-node", po::bool_switch(&o.node_required), "with --node: never cross nodes");
  add("model", po::value(&o.model), "with --node: VF model VVVV:DDDD, e.g. 15b3:1018");
  add("pf", po::value(&o.pf), "with --node: only VFs of this PF");
  add("owner", po::value(&o.owner)->default_value(o.owner), "guest or switch port it serves");
  add("purpose", po::value(&o.purpose)->default_value(o.purpose), "guest or switch-port");
  add_settings_options(options, o.settings);
  add_host_options(options, o.host);
}

// The VF the options choose from the pool, as a request; nullopt when they name the VF.
Result<std::optional<sriov::VfRequest>> pool_request(const BindOptions& o) {
  if (!o.node) return std::optional<sriov::VfRequest>();
  sriov::VfRequest request;
  request.numa_node = o.node;
  request.node_required = o.node_required;
  if (!o.model.empty()) request.vendor_device = o.model;
  if (!o.pf.empty()) {
    auto pf = parse_address_option(o.pf, "pf");
    if (!pf) return std::move(pf).error();
    request.pf = *pf;
  }
  return std::optional<sriov::VfRequest>(request);
}

// Binds the VF named by --vf, or the one the pool chooses; `note` says when the pool's choice
// is off the requested node.
Result<sriov::Allocation> bind_or_allocate(sriov::VfManager& manager,
                                           const std::optional<PciAddress>& vf,
                                           const std::optional<sriov::VfRequest>& request,
                                           const BindOptions& o, sriov::Purpose purpose,
                                           const sriov::VfSettings& settings, std::string& note) {
  if (vf) return manager.bind(sriov::BindRequest{*vf, o.owner, purpose, settings});
  auto allocated = manager.allocate(*request, o.owner, purpose, settings);
  if (!allocated) return std::move(allocated).error();
  if (!allocated->choice.on_requested_node) note = allocated->choice.note;
  return allocated->allocation;
}

// A VF named by --vf, or the pool of the PF named by --pf (a pool request without --pf may
// still pick a VF of nfvd's PFs: see the README's limits).
std::optional<std::string> refused_bind(cli::Context& ctx, SriovSession& session,
                                        const std::optional<PciAddress>& vf,
                                        const std::optional<sriov::VfRequest>& request) {
  if (vf) return refused_vf_change(ctx, session.manager().sysfs(), *vf);
  if (request && request->pf) return refused_pf_change(ctx, *request->pf);
  return std::nullopt;
}

}  // namespace

int run_vf_create(cli::Context& ctx, const std::vector<std::string>& args,
                  const SriovBackends& backends) {
  HostOptions host;
  std::string pf_text;
  unsigned count = 0;
  int autoprobe = -1;
  po::options_description options("nfvctl vf create: set a PF's VF count (0 removes its VFs)");
  auto add = options.add_options();
  add("pf", po::value(&pf_text)->required(), "PF address, e.g. 0000:3b:00.0");
  add("count", po::value(&count)->required(), "number of VFs (0 removes them)");
  add("autoprobe", po::value(&autoprobe),
      "1: host VF drivers bind the new VFs; 0: they stay unbound, ready for vfio-pci");
  add_host_options(options, host);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vf create", args, options, {}, exit_code)) return exit_code;
  auto pf = parse_address_option(pf_text, "pf");
  if (!pf) return cli::fail(ctx, pf.error().message, cli::kExitUsage);
  if (autoprobe != -1 && autoprobe != 0 && autoprobe != 1) {
    return cli::fail(ctx, "--autoprobe takes 0 or 1", cli::kExitUsage);
  }
  if (auto refusal = refused_pf_change(ctx, *pf)) return cli::fail(ctx, *refusal);
  sriov::VfCountChange change{*pf, count, std::nullopt};
  if (autoprobe != -1) change.autoprobe = autoprobe == 1;
  SriovSession session(ctx, host, backends);
  auto result = session.manager().create_vfs(change);
  if (!result) return cli::fail(ctx, result.error().message);
  json value;
  value["pf"] = pf->str();
  value["num_vfs"] = result->num_vfs;
  value["autoprobe"] = result->drivers_autoprobe;
  value["vfs"] = json::array();
  for (const sriov::VirtualFunction& vf : result->vfs) {
    value["vfs"].push_back({{"index", vf.index},
                            {"bdf", vf.device.address.str()},
                            {"driver", text_or_null(vf.device.driver)},
                            {"iommu_group", optional_json(vf.device.iommu_group)}});
  }
  cli::emit(ctx, value, [&](std::ostream& out) { render_vf_count(out, *result); });
  return cli::kExitOk;
}

int run_vf_bind(cli::Context& ctx, const std::vector<std::string>& args,
                const SriovBackends& backends) {
  BindOptions o;
  po::options_description options(
      "nfvctl vf bind: hand a VF (or a whole device such as a GPU) to vfio-pci for an owner");
  add_bind_options(options, o);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vf bind", args, options, {}, exit_code)) return exit_code;
  if (o.vf.empty() == !o.node.has_value()) {
    return cli::fail(ctx, "give either --vf BDF or --node N", cli::kExitUsage);
  }
  auto purpose = sriov::parse_purpose(o.purpose);
  if (!purpose) return cli::fail(ctx, purpose.error().message, cli::kExitUsage);
  std::optional<PciAddress> vf;
  if (!o.vf.empty()) {
    auto parsed = parse_address_option(o.vf, "vf");
    if (!parsed) return cli::fail(ctx, parsed.error().message, cli::kExitUsage);
    vf = *parsed;
  }
  auto request = pool_request(o);
  if (!request) return cli::fail(ctx, request.error().message, cli::kExitUsage);
  SriovSession session(ctx, o.host, backends);
  if (auto refusal = refused_bind(ctx, session, vf, *request)) return cli::fail(ctx, *refusal);
  auto settings = to_settings(o.settings, &session.manager(), vf);
  if (!settings) return cli::fail(ctx, settings.error().message, cli::kExitUsage);
  if (!settings->empty() && !session.has_netlink()) {
    return cli::fail(ctx, "VF settings need rtnetlink: " + session.netlink_error());
  }
  std::string note;
  auto allocation = bind_or_allocate(session.manager(), vf, *request, o, *purpose, *settings, note);
  if (!allocation) return cli::fail(ctx, allocation.error().message);
  json value = allocation_json(*allocation);
  if (!note.empty()) value["warning"] = note;
  cli::emit(ctx, value, [&](std::ostream& out) {
    render_allocation(out, value);
    if (!note.empty()) out << "warning: " << note << "\n";
  });
  return note.empty() ? cli::kExitOk : cli::kExitWarnings;
}

int run_vf_release(cli::Context& ctx, const std::vector<std::string>& args,
                   const SriovBackends& backends) {
  HostOptions host;
  std::string vf_text;
  unsigned wait_seconds = 0;
  po::options_description options(
      "nfvctl vf release: give an allocated device back to its host driver and forget it");
  options.add_options()("vf", po::value(&vf_text)->required(), "device address")(
      "wait", po::value(&wait_seconds)->default_value(0),
      "seconds to wait for a process (QEMU) holding the device's VFIO group to let go");
  add_host_options(options, host);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vf release", args, options, {}, exit_code)) return exit_code;
  auto vf = parse_address_option(vf_text, "vf");
  if (!vf) return cli::fail(ctx, vf.error().message, cli::kExitUsage);
  SriovSession session(ctx, host, backends);
  if (auto refusal = refused_vf_change(ctx, session.manager().sysfs(), *vf)) {
    return cli::fail(ctx, *refusal);
  }
  auto released = session.manager().release(*vf, std::chrono::seconds(wait_seconds));
  if (!released) return cli::fail(ctx, released.error().message);
  auto device = sriov::read_pci_device(session.manager().sysfs(), *vf);
  std::string driver = device ? device->driver : "";
  json value{
      {"bdf", vf->str()}, {"released_from", released->owner}, {"driver", text_or_null(driver)}};
  cli::emit(ctx, value, [&](std::ostream& out) {
    out << vf->str() << " released from " << released->owner << ", now on "
        << (driver.empty() ? "no driver" : driver) << "\n";
  });
  return cli::kExitOk;
}

int run_vf_set(cli::Context& ctx, const std::vector<std::string>& args,
               const SriovBackends& backends) {
  HostOptions host;
  SettingsOptions settings_options;
  std::string vf_text;
  po::options_description options(
      "nfvctl vf set: VF settings over rtnetlink on its PF, read back and verified");
  options.add_options()("vf", po::value(&vf_text)->required(), "VF address");
  add_settings_options(options, settings_options);
  add_host_options(options, host);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vf set", args, options, {}, exit_code)) return exit_code;
  auto vf = parse_address_option(vf_text, "vf");
  if (!vf) return cli::fail(ctx, vf.error().message, cli::kExitUsage);
  SriovSession session(ctx, host, backends);
  if (auto refusal = refused_vf_change(ctx, session.manager().sysfs(), *vf)) {
    return cli::fail(ctx, *refusal);
  }
  if (!session.has_netlink()) {
    return cli::fail(ctx, "VF settings need rtnetlink: " + session.netlink_error());
  }
  auto settings = to_settings(settings_options, &session.manager(), *vf);
  if (!settings) return cli::fail(ctx, settings.error().message, cli::kExitUsage);
  if (settings->empty()) return cli::fail(ctx, "nothing to set (see --help)", cli::kExitUsage);
  auto state = session.manager().configure(*vf, *settings);
  if (!state) return cli::fail(ctx, state.error().message);
  json value = vf_state_json(*state);
  value["bdf"] = vf->str();
  cli::emit(ctx, value, [&](std::ostream& out) { render_vf_state(out, value); });
  return cli::kExitOk;
}

}  // namespace nfv::nfvctl
