// A port's port security as the control side validates it: the wire's PortSecurityConfig
// (MACs and addresses as text) turned into the PortSecurity rules PMDs check, and back into
// canonical text for port.list. Pure functions, tested without DPDK.
#pragma once

#include <optional>
#include <string>

#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"
#include "nfv/fastpath/port_security.h"

namespace nfv::dp {

// nullopt when `config` turns port security off. Errors name the port and the field:
// "port vm1: security.macs[1] 'zz' is not a MAC address (...)".
Result<std::optional<PortSecurity>> make_port_security(const std::string& port,
                                                       const api::PortSecurityConfig& config);

// The canonical form of `security` (lowercase MACs, addresses as inet_ntop writes them, a
// prefix length only when shorter than the address); nullopt when port security is off.
std::optional<api::PortSecurityConfig> to_api(const std::optional<PortSecurity>& security);

}  // namespace nfv::dp
