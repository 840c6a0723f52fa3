// port add's and port set's hand-written flags for port security (a nested object on the
// wire, so no derived flags): --port-security, --allowed-mac, --allowed-ip, --trusted and,
// for port set, --no-port-security.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"

namespace nfv::nfvctl {

struct PortSecurityFlags {
  bool on = false;
  bool off = false;
  std::vector<std::string> macs;
  std::vector<std::string> ips;
  bool trusted = false;
};

// `with_off`: also --no-port-security (port set).
void add_port_security_options(boost::program_options::options_description& options,
                               PortSecurityFlags& flags, bool with_off);

// The request's `security` object: absent when no flag was given; --allowed-mac,
// --allowed-ip and --trusted imply --port-security. Errors are usage errors.
Result<std::optional<api::PortSecurityConfig>> port_security_request(
    const PortSecurityFlags& flags);

}  // namespace nfv::nfvctl
