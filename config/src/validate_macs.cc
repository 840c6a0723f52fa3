// The MAC and VF checks of validate_config: static MAC entries, MACs claimed twice, VF
// settings against their PF.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "nfv/common/strings.h"
#include "switch_ports.h"

namespace nfv::config::detail {
namespace {

// Whether frames of `vlan` (0: untagged) reach a port with these options, as the switch
// decides it: an access port carries its tag, a trunk its native VLAN and allowed list.
bool carries(const PortOptions& options, uint32_t vlan) {
  if (!options.vlan) return true;  // a trunk of every VLAN, untagged as native
  const api::VlanConfig& config = *options.vlan;
  if (config.mode == "access") return vlan == config.tag;
  if (vlan == config.native) return true;
  if (vlan == 0 || config.trunks.empty()) return vlan != 0;
  auto ids = parse_id_list(config.trunks, "vlan.trunks", 4094);
  return ids && std::find(ids->begin(), ids->end(), vlan) != ids->end();
}

// A MAC claimed by two places (written in any case): the error names the first.
Status mac_once(FirstClaims& claims, std::string_view what, const std::string& mac,
                const std::string& path) {
  auto parsed = parse_mac(mac);
  std::string key = parsed ? format_mac(*parsed) : mac;
  return claims.claim(key, path, fmt::format("{} {} is claimed twice", what, key));
}

Status check_static_mac(const ApplianceConfig& config, const SwitchPorts& ports,
                        const AttachmentOf& attachment_of, size_t b, size_t m) {
  const BridgeConfig& bridge = config.bridges[b];
  const StaticMac& mac = bridge.macs[m];
  std::string path = fmt::format("bridges[{}].macs[{}]", b, m);
  const SwitchPort* port = ports.find(mac.port);
  if (port == nullptr) {
    return config.error_at(path + ".port", fmt::format("no port named '{}'", mac.port));
  }
  const std::string* attached = attachment_of(mac.port);
  if (attached == nullptr || *attached != fmt::format("bridge '{}'", bridge.name)) {
    return config.error_at(
        path + ".port",
        fmt::format("port '{}' is not in bridge '{}' (it is in {}): a static MAC's port must be "
                    "one of its bridge's ports",
                    mac.port, bridge.name, attached ? *attached : "no bridge"));
  }
  if (!carries(*port->options, mac.vlan)) {
    return config.error_at(path + ".vlan",
                           fmt::format("port '{}' does not carry VLAN {} (see its vlan settings)",
                                       mac.port, mac.vlan));
  }
  return ok_status();
}

}  // namespace

Status FirstClaims::claim(const std::string& key, const std::string& path,
                          std::string_view problem) {
  auto [first, added] = first_.emplace(key, path);
  if (added) return ok_status();
  return config_.error_at(path, fmt::format("{} (first at {})", problem, first->second));
}

SwitchPorts::SwitchPorts(const ApplianceConfig& config) {
  for (size_t p = 0; p < config.ports.size(); ++p) {
    const PortConfig& port = config.ports[p];
    ports_.push_back({port.name, fmt::format("ports[{}]", p), &port.options, false});
  }
  for (size_t g = 0; g < config.guests.size(); ++g) {
    const auto& interfaces = config.guests[g].interfaces;
    for (size_t k = 0; k < interfaces.size(); ++k) {
      if (interfaces[k].type != InterfaceType::kVhost) continue;
      ports_.push_back({interfaces[k].name, fmt::format("guests[{}].interfaces[{}]", g, k),
                        &interfaces[k].options, true});
    }
  }
}

const SwitchPort* SwitchPorts::find(std::string_view name) const {
  for (const auto& port : ports_) {
    if (port.name == name) return &port;
  }
  return nullptr;
}

Status check_static_macs(const ApplianceConfig& config, const SwitchPorts& ports,
                         const AttachmentOf& attachment_of) {
  for (size_t b = 0; b < config.bridges.size(); ++b) {
    std::map<std::pair<std::string, uint32_t>, size_t> seen;
    for (size_t m = 0; m < config.bridges[b].macs.size(); ++m) {
      NFV_TRY(check_static_mac(config, ports, attachment_of, b, m));
      const StaticMac& mac = config.bridges[b].macs[m];
      auto [first, added] = seen.emplace(std::pair{mac.mac, mac.vlan}, m);
      if (!added) {
        return config.error_at(
            fmt::format("bridges[{}].macs[{}].mac", b, m),
            fmt::format("{} on VLAN {} is already a static MAC of this bridge (macs[{}])", mac.mac,
                        mac.vlan, first->second));
      }
    }
  }
  return ok_status();
}

Status check_unique_macs(const ApplianceConfig& config, const SwitchPorts& ports) {
  FirstClaims claims(config);
  for (const SwitchPort& port : ports.all()) {
    if (!port.options->security) continue;
    const auto& macs = port.options->security->macs;
    for (size_t i = 0; i < macs.size(); ++i) {
      NFV_TRY(mac_once(claims, "source MAC", macs[i],
                       fmt::format("{}.security.macs[{}]", port.path, i)));
    }
  }
  for (size_t p = 0; p < config.sriov.size(); ++p) {
    const auto& settings = config.sriov[p].vf_settings;
    for (size_t v = 0; v < settings.size(); ++v) {
      if (!settings[v].mac) continue;
      NFV_TRY(mac_once(claims, "VF MAC", *settings[v].mac,
                       fmt::format("sriov[{}].vf_settings[{}].mac", p, v)));
    }
  }
  return ok_status();
}

Status check_sriov(const ApplianceConfig& config) {
  for (size_t p = 0; p < config.sriov.size(); ++p) {
    const SriovPfConfig& pf = config.sriov[p];
    std::map<uint32_t, size_t> seen;
    for (size_t v = 0; v < pf.vf_settings.size(); ++v) {
      uint32_t index = pf.vf_settings[v].index;
      std::string path = fmt::format("sriov[{}].vf_settings[{}].index", p, v);
      if (index >= pf.vfs) {
        return config.error_at(
            path, fmt::format("VF {} does not exist: {} has vfs: {} (VFs 0-{})", index, pf.pf,
                              pf.vfs, pf.vfs == 0 ? 0 : pf.vfs - 1));
      }
      auto [first, added] = seen.emplace(index, v);
      if (!added) {
        return config.error_at(path, fmt::format("VF {} already has settings (vf_settings[{}])",
                                                 index, first->second));
      }
    }
  }
  return ok_status();
}

}  // namespace nfv::config::detail
