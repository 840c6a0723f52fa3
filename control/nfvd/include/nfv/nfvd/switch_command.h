// How nfvd starts nfv-switch: the command line built from the config (pure), the PMD CPUs it
// gets, and where the binary is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/config/config.h"

namespace nfv::nfvd {

struct SwitchLaunch {
  std::string binary;              // the nfv-switch executable
  std::string control_socket;      // nfvd's --switch-socket
  std::vector<uint32_t> pmd_cpus;  // switch.pmd_cpus, or the planner's (pmd_cpus_for)
  // Guests' QEMU creates its sockets in the vhost directory (client mode): the directory is
  // its group's, mode 2770, and the switch is told so (it refuses a group-writable directory
  // it was not told about).
  std::optional<uint32_t> vhost_dir_gid;
};

// argv of nfv-switch for the config's switch: section: file prefix, memory, PMD CPUs, control
// socket, vhost directory, and what the config's own ports need the switch to allow (the
// directories of vhost-user sockets outside vhost_dir, the vdev drivers of ports[].vdev).
std::vector<std::string> switch_command_line(const config::ApplianceConfig& config,
                                             const SwitchLaunch& launch);

// The driver of a DPDK vdev string: "net_tap0,iface=x" -> "net_tap".
std::string vdev_driver(const std::string& vdev);

// The PMD CPUs: switch.pmd_cpus as written, else the planner's placement of switch.pmd_cores
// on this host (`sysfs_root`, normally "/sys"); an error says to write pmd_cpus.
Result<std::vector<uint32_t>> pmd_cpus_for(const config::ApplianceConfig& config,
                                           const std::string& sysfs_root);

// nfv-switch beside nfvd's own executable (`self`, from /proc/self/exe) when it is there,
// else "nfv-switch", looked up in PATH when started.
std::string default_switch_binary(const std::string& self);

}  // namespace nfv::nfvd
