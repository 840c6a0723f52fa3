// What a control-socket client may ask `port.add` for. Membership of the socket's group must
// not be root-equivalent: over the socket, DPDK devices are limited to PCI addresses (NICs the
// operator bound to vfio-pci) and vdev drivers that stay inside the process, unless the
// operator allows more with --allow-vdev; vhost sockets stay under the vhost directory unless
// --allow-vhost-dir allows another. Ports on nfv-switch's own command line are the operator's
// and are not checked.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/dataplane/port_spec.h"

namespace nfv::dp {

// Who asked for a port.
enum class PortOrigin : uint8_t {
  kCommandLine,    // the operator (nfv-switch --port): trusted
  kControlSocket,  // a client of the control socket: checked against the PortPolicy
};

// vdev drivers that read or write no host file, create or capture no host interface and open
// no socket: allowed over the control socket without any option.
inline constexpr std::array<std::string_view, 2> kInProcessVdevDrivers = {"net_null", "net_ring"};

struct PortPolicy {
  std::vector<std::string> allowed_vdevs;  // --allow-vdev: drivers beyond kInProcessVdevDrivers
  std::vector<std::string> vhost_dirs;     // --vhost-dir, then every --allow-vhost-dir
};

// A vdev driver name as --allow-vdev takes it: 1-32 of [a-z0-9_], starting with a letter.
bool valid_vdev_driver_name(std::string_view name);

// Pure: the spec against the policy, lexically (".." resolved without the filesystem).
// Errors carry api::ErrorCode::kInvalidParams and name the port, the refusal and the option
// that would allow it.
Status check_port_policy(const PortSpec& spec, const PortPolicy& policy);

// Whether `path`, made absolute and lexically normal, lies strictly inside `dir`.
bool path_inside(const std::string& path, const std::string& dir);

// The filesystem half for vhost sockets: the socket's existing parent directory, with every
// symlink and ".." resolved, must still be inside one of the (resolved) policy directories,
// so a symlinked directory cannot lead the socket out of the allowed tree.
Status check_vhost_path_resolved(const PortSpec& spec, const PortPolicy& policy);

}  // namespace nfv::dp
