#include "switch/port_security_flags.h"

namespace nfv::nfvctl {

namespace po = boost::program_options;

void add_port_security_options(po::options_description& options, PortSecurityFlags& flags,
                               bool with_off) {
  options.add_options()("port-security", po::bool_switch(&flags.on),
                        "anti-spoofing: the port may send only from its allowed MACs and "
                        "addresses (replaces the port's settings)")(
      "allowed-mac", po::value(&flags.macs)->composing(),
      "port security: an allowed source MAC (repeatable, 1-16)")(
      "allowed-ip", po::value(&flags.ips)->composing(),
      "port security: an allowed source IPv4/IPv6 address or prefix (repeatable)")(
      "trusted", po::bool_switch(&flags.trusted),
      "port security: may send router advertisements and DHCP server replies");
  if (with_off) {
    options.add_options()("no-port-security", po::bool_switch(&flags.off),
                          "turn port security off: the port may send anything");
  }
}

Result<std::optional<api::PortSecurityConfig>> port_security_request(
    const PortSecurityFlags& flags) {
  bool rules = !flags.macs.empty() || !flags.ips.empty() || flags.trusted;
  if (flags.off) {
    if (flags.on || rules) {
      return make_error(
          "--no-port-security cannot be combined with --port-security, --allowed-mac, "
          "--allowed-ip or --trusted");
    }
    return std::optional<api::PortSecurityConfig>{api::PortSecurityConfig{}};
  }
  if (!flags.on && !rules) return std::optional<api::PortSecurityConfig>{};
  api::PortSecurityConfig config;
  config.enabled = true;
  config.macs = flags.macs;
  config.ips = flags.ips;
  config.trusted = flags.trusted;
  return std::optional<api::PortSecurityConfig>{config};
}

}  // namespace nfv::nfvctl
