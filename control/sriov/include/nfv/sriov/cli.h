// nfvctl commands of the SR-IOV component: `vfs`, `vf create|bind|release|set|adopt`.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>

#include "nfv/cli/command.h"
#include "nfv/common/result.h"
#include "nfv/sriov/netlink_transport.h"
#include "nfv/sriov/vfio.h"

namespace nfv {

void register_sriov_commands(cli::Registry& registry);

namespace sriov {

// How the commands reach VFIO and rtnetlink: the kernel by default; tests substitute doubles
// (this machine has no /dev/vfio and no SR-IOV PF to talk to).
struct CliBackends {
  std::function<std::unique_ptr<VfioGroups>(const std::filesystem::path& dev_root,
                                            const std::filesystem::path& sysfs_root)>
      vfio;
  std::function<Result<std::unique_ptr<NetlinkTransport>>()> netlink;
};
CliBackends kernel_backends();

void register_sriov_commands(cli::Registry& registry, CliBackends backends);

}  // namespace sriov
}  // namespace nfv
