#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli_settings.h"
#include "cli_views.h"
#include "nfv/cli/output.h"
#include "nfv/common/strings.h"
#include "nfv/sriov/cli.h"
#include "nfv/sriov/vf_manager.h"

namespace nfv {

void register_sriov_commands(cli::Registry& registry) {
  sriov::register_sriov_commands(registry, sriov::kernel_backends());
}

namespace sriov {
namespace {

namespace po = boost::program_options;
using cli::json;

// Options every command takes, so operators and tests can point them at any tree.
struct HostOptions {
  std::string sysfs = "/sys";
  std::string dev = "/dev";
  std::string state = kDefaultAllocationsPath;
};

void add_host_options(po::options_description& options, HostOptions& host) {
  auto add = options.add_options();
  add("sysfs", po::value(&host.sysfs)->default_value(host.sysfs),
      "sysfs root (a test tree, or /sys)");
  add("dev", po::value(&host.dev)->default_value(host.dev), "device root holding vfio/");
  add("state", po::value(&host.state)->default_value(host.state),
      "allocation file (which VF serves which guest or port)");
}

// One context per command run: the sysfs tree, the VFIO and netlink backends, the store.
class Session {
 public:
  Session(cli::Context& ctx, const HostOptions& host, const CliBackends& backends)
      : ctx_(ctx), vfio_(backends.vfio(host.dev, host.sysfs)) {
    if (backends.netlink) {
      auto transport = backends.netlink();
      if (transport) {
        netlink_ = std::move(*transport);
      } else {
        netlink_error_ = transport.error().message;
      }
    }
    manager_ = std::make_unique<VfManager>(Sysfs(host.sysfs), *vfio_, AllocationStore(host.state),
                                           netlink_.get(),
                                           [this](const std::string& line) { progress(line); });
  }
  VfManager& manager() { return *manager_; }
  bool has_netlink() const { return netlink_ != nullptr; }
  const std::string& netlink_error() const { return netlink_error_; }

 private:
  // Progress goes to stdout, except with --json where stdout carries only the JSON.
  void progress(const std::string& line) { *(ctx_.json ? ctx_.err : ctx_.out) << line << "\n"; }

  cli::Context& ctx_;
  std::unique_ptr<VfioGroups> vfio_;
  std::unique_ptr<NetlinkTransport> netlink_;
  std::string netlink_error_;
  std::unique_ptr<VfManager> manager_;
};

Result<PciAddress> parse_address_option(const std::string& text, const char* option) {
  auto address = PciAddress::parse(text);
  if (!address) return make_error("--{}: {}", option, address.error().message);
  return address;
}

int run_vfs(cli::Context& ctx, const std::vector<std::string>& args, const CliBackends& backends) {
  HostOptions host;
  po::options_description options(
      "nfvctl vfs: SR-IOV PFs, their VFs, drivers, IOMMU groups, "
      "owners and NUMA nodes");
  add_host_options(options, host);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vfs", args, options, {}, exit_code)) return exit_code;
  Session session(ctx, host, backends);
  auto inventory = session.manager().inventory();
  if (!inventory) return cli::fail(ctx, inventory.error().message);
  json value = inventory_json(*inventory);
  cli::emit(ctx, value, [&](std::ostream& out) { render_inventory(out, value); });
  return inventory->stale.empty() ? cli::kExitOk : cli::kExitWarnings;
}

int run_create(cli::Context& ctx, const std::vector<std::string>& args,
               const CliBackends& backends) {
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
  VfCountChange change{*pf, count, std::nullopt};
  if (autoprobe != -1) change.autoprobe = autoprobe == 1;
  Session session(ctx, host, backends);
  auto result = session.manager().create_vfs(change);
  if (!result) return cli::fail(ctx, result.error().message);
  json value;
  value["pf"] = pf->str();
  value["num_vfs"] = result->num_vfs;
  value["autoprobe"] = result->drivers_autoprobe;
  value["vfs"] = json::array();
  for (const VirtualFunction& vf : result->vfs) {
    value["vfs"].push_back({{"index", vf.index},
                            {"bdf", vf.device.address.str()},
                            {"driver", text_or_null(vf.device.driver)},
                            {"iommu_group", optional_json(vf.device.iommu_group)}});
  }
  cli::emit(ctx, value, [&](std::ostream& out) {
    out << "PF " << pf->str() << ": " << result->num_vfs << " VFs";
    if (!result->vfs.empty()) {
      out << " (" << result->vfs.front().device.address.str() << " .. "
          << result->vfs.back().device.address.str() << ")";
    }
    out << ", sriov_drivers_autoprobe " << (result->drivers_autoprobe ? 1 : 0) << "\n";
  });
  return cli::kExitOk;
}

int run_bind(cli::Context& ctx, const std::vector<std::string>& args, const CliBackends& backends) {
  HostOptions host;
  SettingsOptions settings_options;
  std::string vf_text, owner = "operator", purpose_text = "guest", model, pf_text;
  std::optional<int> node;
  bool node_required = false;
  po::options_description options(
      "nfvctl vf bind: hand a VF (or a whole device such as a GPU) to vfio-pci for an owner");
  auto add = options.add_options();
  add("vf", po::value(&vf_text), "device address, e.g. 0000:3b:02.0");
  add("node", po::value<int>()->notifier([&node](int v) { node = v; }),
      "instead of --vf: take a free VF, preferring this NUMA node");
  add("strict-node", po::bool_switch(&node_required), "with --node: never cross nodes");
  add("model", po::value(&model), "with --node: VF model VVVV:DDDD, e.g. 15b3:1018");
  add("pf", po::value(&pf_text), "with --node: only VFs of this PF");
  add("owner", po::value(&owner)->default_value(owner), "guest or switch port it serves");
  add("purpose", po::value(&purpose_text)->default_value(purpose_text), "guest or switch-port");
  add_settings_options(options, settings_options);
  add_host_options(options, host);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vf bind", args, options, {}, exit_code)) return exit_code;
  if (vf_text.empty() == !node.has_value()) {
    return cli::fail(ctx, "give either --vf BDF or --node N", cli::kExitUsage);
  }
  auto purpose = parse_purpose(purpose_text);
  if (!purpose) return cli::fail(ctx, purpose.error().message, cli::kExitUsage);
  std::optional<PciAddress> vf;
  if (!vf_text.empty()) {
    auto parsed = parse_address_option(vf_text, "vf");
    if (!parsed) return cli::fail(ctx, parsed.error().message, cli::kExitUsage);
    vf = *parsed;
  }
  Session session(ctx, host, backends);
  auto settings = to_settings(settings_options, &session.manager(), vf);
  if (!settings) return cli::fail(ctx, settings.error().message, cli::kExitUsage);
  if (!settings->empty() && !session.has_netlink()) {
    return cli::fail(ctx, "VF settings need rtnetlink: " + session.netlink_error());
  }
  Result<Allocation> allocation = Error{};
  std::string note;
  if (vf) {
    allocation = session.manager().bind(BindRequest{*vf, owner, *purpose, *settings});
  } else {
    VfRequest request;
    request.numa_node = node;
    request.node_required = node_required;
    if (!model.empty()) request.vendor_device = model;
    if (!pf_text.empty()) {
      auto pf = parse_address_option(pf_text, "pf");
      if (!pf) return cli::fail(ctx, pf.error().message, cli::kExitUsage);
      request.pf = *pf;
    }
    auto allocated = session.manager().allocate(request, owner, *purpose, *settings);
    if (!allocated) {
      allocation = std::move(allocated).error();
    } else {
      allocation = allocated->allocation;
      if (!allocated->choice.on_requested_node) note = allocated->choice.note;
    }
  }
  if (!allocation) return cli::fail(ctx, allocation.error().message);
  json value = allocation_json(*allocation);
  if (!note.empty()) value["warning"] = note;
  cli::emit(ctx, value, [&](std::ostream& out) {
    render_allocation(out, value);
    if (!note.empty()) out << "warning: " << note << "\n";
  });
  return note.empty() ? cli::kExitOk : cli::kExitWarnings;
}

int run_release(cli::Context& ctx, const std::vector<std::string>& args,
                const CliBackends& backends) {
  HostOptions host;
  std::string vf_text;
  po::options_description options(
      "nfvctl vf release: give an allocated device back to its host driver and forget it");
  options.add_options()("vf", po::value(&vf_text)->required(), "device address");
  add_host_options(options, host);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vf release", args, options, {}, exit_code)) return exit_code;
  auto vf = parse_address_option(vf_text, "vf");
  if (!vf) return cli::fail(ctx, vf.error().message, cli::kExitUsage);
  Session session(ctx, host, backends);
  auto released = session.manager().release(*vf);
  if (!released) return cli::fail(ctx, released.error().message);
  auto device = read_pci_device(session.manager().sysfs(), *vf);
  std::string driver = device ? device->driver : "";
  json value{
      {"bdf", vf->str()}, {"released_from", released->owner}, {"driver", text_or_null(driver)}};
  cli::emit(ctx, value, [&](std::ostream& out) {
    out << vf->str() << " released from " << released->owner << ", now on "
        << (driver.empty() ? "no driver" : driver) << "\n";
  });
  return cli::kExitOk;
}

int run_set(cli::Context& ctx, const std::vector<std::string>& args, const CliBackends& backends) {
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
  Session session(ctx, host, backends);
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

int run_adopt(cli::Context& ctx, const std::vector<std::string>& args,
              const CliBackends& backends) {
  HostOptions host;
  po::options_description options(
      "nfvctl vf adopt: check the allocation file against sysfs, drop stale records (what nfvd "
      "does at start; touches no device)");
  add_host_options(options, host);
  int exit_code = cli::kExitOk;
  if (!cli::parse_args(ctx, "vf adopt", args, options, {}, exit_code)) return exit_code;
  Session session(ctx, host, backends);
  auto report = session.manager().adopt();
  if (!report) return cli::fail(ctx, report.error().message);
  json value{{"adopted", json::array()}, {"dropped", json::array()}};
  for (const Allocation& a : report->adopted) value["adopted"].push_back(allocation_json(a));
  for (const StaleAllocation& s : report->dropped) {
    value["dropped"].push_back(
        {{"bdf", s.record.device.str()}, {"owner", s.record.owner}, {"reason", s.reason}});
  }
  cli::emit(ctx, value, [&](std::ostream& out) {
    out << report->adopted.size() << " allocations adopted, " << report->dropped.size()
        << " stale records dropped\n";
  });
  return cli::kExitOk;
}

}  // namespace

CliBackends kernel_backends() {
  CliBackends backends;
  backends.vfio = [](const std::filesystem::path& dev_root,
                     const std::filesystem::path& sysfs_root) -> std::unique_ptr<VfioGroups> {
    return std::make_unique<KernelVfioGroups>(dev_root, sysfs_root);
  };
  backends.netlink = []() -> Result<std::unique_ptr<NetlinkTransport>> {
    auto socket = RtnetlinkSocket::open();
    if (!socket) return std::move(socket).error();
    return std::unique_ptr<NetlinkTransport>(std::move(*socket));
  };
  return backends;
}

void register_sriov_commands(cli::Registry& registry, CliBackends backends) {
  auto shared = std::make_shared<CliBackends>(std::move(backends));
  auto bound =
      [shared](int (*run)(cli::Context&, const std::vector<std::string>&, const CliBackends&)) {
        return [shared, run](cli::Context& ctx, const std::vector<std::string>& args) {
          return run(ctx, args, *shared);
        };
      };
  registry.add(
      {"vfs", "list SR-IOV PFs and VFs: driver, IOMMU group, owner, NUMA node", bound(run_vfs)});
  registry.add(
      {"vf create", "set a PF's VF count (sriov_numvfs), with rollback", bound(run_create)});
  registry.add(
      {"vf bind", "hand a VF or device to vfio-pci for a guest or switch port", bound(run_bind)});
  registry.add(
      {"vf release", "give an allocated device back to its host driver", bound(run_release)});
  registry.add(
      {"vf set", "VF MAC, VLAN, spoofchk, trust, link state, rates, GUIDs", bound(run_set)});
  registry.add({"vf adopt", "reconcile the allocation file with sysfs", bound(run_adopt)});
}

}  // namespace sriov
}  // namespace nfv
