#include "nfv/nfvctl/sriov_commands.h"

#include "sriov/commands.h"

namespace nfv::nfvctl {

SriovBackends kernel_sriov_backends() {
  SriovBackends backends;
  backends.vfio =
      [](const std::filesystem::path& dev_root,
         const std::filesystem::path& sysfs_root) -> std::unique_ptr<sriov::VfioGroups> {
    return std::make_unique<sriov::KernelVfioGroups>(dev_root, sysfs_root);
  };
  backends.netlink = []() -> Result<std::unique_ptr<sriov::NetlinkTransport>> {
    auto socket = sriov::RtnetlinkSocket::open();
    if (!socket) return std::move(socket).error();
    return std::unique_ptr<sriov::NetlinkTransport>(std::move(*socket));
  };
  return backends;
}

void register_sriov_commands(cli::Registry& registry) {
  register_sriov_commands(registry, kernel_sriov_backends());
}

void register_sriov_commands(cli::Registry& registry, SriovBackends backends) {
  auto shared = std::make_shared<SriovBackends>(std::move(backends));
  auto bound = [shared](SriovCommand run) {
    return [shared, run](cli::Context& ctx, const std::vector<std::string>& args) {
      return run(ctx, args, *shared);
    };
  };
  registry.add(
      {"vfs", "list SR-IOV PFs and VFs: driver, IOMMU group, owner, NUMA node", bound(run_vfs)});
  registry.add(
      {"vf create", "set a PF's VF count (sriov_numvfs), with rollback", bound(run_vf_create)});
  registry.add({"vf bind", "hand a VF or device to vfio-pci for a guest or switch port",
                bound(run_vf_bind)});
  registry.add(
      {"vf release", "give an allocated device back to its host driver", bound(run_vf_release)});
  registry.add(
      {"vf set", "VF MAC, VLAN, spoofchk, trust, link state, rates, GUIDs", bound(run_vf_set)});
  registry.add({"vf adopt", "reconcile the allocation file with sysfs", bound(run_vf_adopt)});
}

}  // namespace nfv::nfvctl
