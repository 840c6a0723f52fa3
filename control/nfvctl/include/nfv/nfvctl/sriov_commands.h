// nfvctl commands of the SR-IOV component: `vfs`, `vf create|bind|release|set|adopt`.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>

#include "nfv/cli/command.h"
#include "nfv/common/result.h"
#include "nfv/sriov/netlink_transport.h"
#include "nfv/sriov/vfio.h"

namespace nfv::nfvctl {

// How the commands reach VFIO and rtnetlink: the kernel by default; tests substitute doubles
// (this machine has no /dev/vfio and no SR-IOV PF to talk to).
struct SriovBackends {
  std::function<std::unique_ptr<sriov::VfioGroups>(const std::filesystem::path& dev_root,
                                                   const std::filesystem::path& sysfs_root)>
      vfio;
  std::function<Result<std::unique_ptr<sriov::NetlinkTransport>>()> netlink;
};
SriovBackends kernel_sriov_backends();

void register_sriov_commands(cli::Registry& registry, SriovBackends backends);
// With the kernel's backends.
void register_sriov_commands(cli::Registry& registry);

}  // namespace nfv::nfvctl
