// The config's switch objects as the desired switch state, pure: ports[] (device, vdev or
// vhost-user socket), guests' vhost interfaces, bridges with their static MACs, xconnects.
// Values are written in the form the switch reports them (lower-case MACs, canonical VLAN
// trunk lists, addresses as the switch prints them, IPv4 before IPv6), so that an applied
// config reconciles to no steps.
#pragma once

#include <functional>
#include <string>

#include "nfv/common/result.h"
#include "nfv/config/config.h"
#include "nfv/reconcile/state.h"

namespace nfv::nfvd {

struct MappingOptions {
  // The switch's own vhost directory (switch.info), used when the config sets no
  // switch.vhost_dir and a port's socket is a relative path. Empty: unknown.
  std::string switch_vhost_dir;
  // A ports[] `device` (PCI address or netdev name) as the switch's PCI address
  // (resolve_port_device over the host's sysfs). Unset: the device is taken as given, a
  // short PCI address completed with domain 0 (enough for --check-config, which reads no host).
  std::function<Result<std::string>(const std::string& device)> resolve_device = nullptr;
};

// An error names the config object ("file:line:column: ports[1].socket: ...").
Result<reconcile::SwitchState> desired_switch_state(const config::ApplianceConfig& config,
                                                    const MappingOptions& options = {});

// Port security in the switch's canonical form: lower-case MACs; addresses as inet_ntop
// writes them, with a prefix length only when shorter than the address; IPv4 before IPv6.
api::PortSecurityConfig canonical_security(api::PortSecurityConfig security);
// A VLAN setting in the switch's form: a trunk's list as "1-3,7".
api::VlanConfig canonical_vlan(api::VlanConfig vlan);

}  // namespace nfv::nfvd
