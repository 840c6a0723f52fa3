// Cross-object checks as one pure function over the parsed config. Each check walks the
// model in file order, so the error is the first one an operator reading the file would meet.
#include "nfv/config/validate.h"

#include <fmt/format.h>

#include <map>
#include <string>

#include "switch_ports.h"

namespace nfv::config {
namespace {

using detail::FirstClaims;
using detail::SwitchPort;
using detail::SwitchPorts;

// Names unique within one namespace; the error points at the second and names the first.
Status name_once(FirstClaims& names, std::string_view what, const std::string& name,
                 const std::string& path) {
  return names.claim(name, path, fmt::format("{} '{}' is defined twice", what, name));
}

Status check_unique_names(const ApplianceConfig& config, const SwitchPorts& ports) {
  FirstClaims port_names(config);
  for (const SwitchPort& port : ports.all()) {
    NFV_TRY(name_once(port_names, "port", port.name, port.path + ".name"));
  }
  FirstClaims bridges(config);
  for (size_t b = 0; b < config.bridges.size(); ++b) {
    NFV_TRY(
        name_once(bridges, "bridge", config.bridges[b].name, fmt::format("bridges[{}].name", b)));
  }
  FirstClaims guests(config);
  for (size_t g = 0; g < config.guests.size(); ++g) {
    NFV_TRY(name_once(guests, "guest", config.guests[g].name, fmt::format("guests[{}].name", g)));
  }
  FirstClaims pfs(config);
  for (size_t p = 0; p < config.sriov.size(); ++p) {
    NFV_TRY(name_once(pfs, "PF", config.sriov[p].pf, fmt::format("sriov[{}].pf", p)));
  }
  return ok_status();
}

Status check_switch_needs(const ApplianceConfig& config, const SwitchPorts& ports) {
  if (config.switch_config.enabled) {
    if (ports.all().empty() || config.switch_config.pmd_cores > 0) return ok_status();
    return config.error_at("switch.pmd_cores",
                           "must be >= 1: ports and vhost interfaces need a PMD to poll them");
  }
  if (!config.ports.empty()) {
    return config.error_at("ports", "ports need the switch: add a switch: section");
  }
  if (!config.bridges.empty()) {
    return config.error_at("bridges", "bridges need the switch: add a switch: section");
  }
  if (!config.xconnects.empty()) {
    return config.error_at("xconnects", "xconnects need the switch: add a switch: section");
  }
  if (!ports.all().empty()) {
    return config.error_at(ports.all().front().path,
                           "vhost interfaces need the switch: add a switch: section");
  }
  return ok_status();
}

// Where each port is attached; a second attachment is the error "a port used twice".
class Attachments {
 public:
  Attachments(const ApplianceConfig& config, const SwitchPorts& ports)
      : config_(config), ports_(ports) {}

  Status attach(const std::string& port, const std::string& where, const std::string& path) {
    if (ports_.find(port) == nullptr) {
      return config_.error_at(
          path, fmt::format("no port named '{}' (define it under ports:, or name a guest's vhost "
                            "interface)",
                            port));
    }
    auto [first, added] = where_.emplace(port, where);
    if (added) return ok_status();
    return config_.error_at(path,
                            fmt::format("port '{}' is already in {} (a port joins one bridge or "
                                        "one xconnect)",
                                        port, first->second));
  }
  const std::string* where(const std::string& port) const {
    auto found = where_.find(port);
    return found == where_.end() ? nullptr : &found->second;
  }

 private:
  const ApplianceConfig& config_;
  const SwitchPorts& ports_;
  std::map<std::string, std::string> where_;  // port -> "bridge 'br0'" | "an xconnect"
};

Status attach_interfaces(const ApplianceConfig& config, Attachments& attachments) {
  for (size_t g = 0; g < config.guests.size(); ++g) {
    const auto& interfaces = config.guests[g].interfaces;
    for (size_t k = 0; k < interfaces.size(); ++k) {
      const InterfaceConfig& interface = interfaces[k];
      if (interface.type != InterfaceType::kVhost || interface.bridge.empty()) continue;
      std::string path = fmt::format("guests[{}].interfaces[{}].bridge", g, k);
      if (config.find_bridge(interface.bridge) == nullptr) {
        return config.error_at(
            path, fmt::format("no bridge named '{}' (define it under bridges:)", interface.bridge));
      }
      NFV_TRY(
          attachments.attach(interface.name, fmt::format("bridge '{}'", interface.bridge), path));
    }
  }
  return ok_status();
}

Status check_attachments(const ApplianceConfig& config, const SwitchPorts& ports,
                         Attachments& attachments) {
  for (size_t b = 0; b < config.bridges.size(); ++b) {
    const BridgeConfig& bridge = config.bridges[b];
    for (size_t p = 0; p < bridge.ports.size(); ++p) {
      NFV_TRY(attachments.attach(bridge.ports[p], fmt::format("bridge '{}'", bridge.name),
                                 fmt::format("bridges[{}].ports[{}]", b, p)));
    }
  }
  NFV_TRY(attach_interfaces(config, attachments));
  for (size_t x = 0; x < config.xconnects.size(); ++x) {
    for (size_t p = 0; p < 2; ++p) {
      NFV_TRY(attachments.attach(config.xconnects[x].ports[p], "an xconnect",
                                 fmt::format("xconnects[{}].ports[{}]", x, p)));
    }
  }
  for (const SwitchPort& port : ports.all()) {
    if (port.interface && attachments.where(port.name) == nullptr) {
      return config.error_at(port.path,
                             fmt::format("vhost interface '{}' joins nothing: give it a bridge, or "
                                         "list it in an xconnect",
                                         port.name));
    }
  }
  return ok_status();
}

}  // namespace

Status validate_config(const ApplianceConfig& config) {
  SwitchPorts ports(config);
  NFV_TRY(check_unique_names(config, ports));
  NFV_TRY(check_switch_needs(config, ports));
  Attachments attachments(config, ports);
  NFV_TRY(check_attachments(config, ports, attachments));
  NFV_TRY(detail::check_static_macs(
      config, ports, [&](const std::string& port) { return attachments.where(port); }));
  NFV_TRY(detail::check_unique_macs(config, ports));
  return detail::check_sriov(config);
}

}  // namespace nfv::config
