#include "nfv/nfvd/desired_state.h"

#include <fmt/format.h>

#include <cctype>
#include <string_view>

#include "nfv/common/strings.h"

namespace nfv::nfvd {
namespace {

using reconcile::MacKey;
using reconcile::PortState;
using reconcile::SwitchState;

// "3b:00.0" (domain 0 left out, as the schema allows) -> "0000:3b:00.0", as DPDK names it.
std::string pci_devargs(const std::string& device) {
  bool short_bdf = device.size() == 7 && device[2] == ':' && device[5] == '.';
  return short_bdf ? "0000:" + device : device;
}

void apply_options(const config::PortOptions& options, api::PortAddParams& spec) {
  if (options.vlan) spec.vlan = canonical_vlan(*options.vlan);
  spec.mtu = options.mtu;
  spec.mac_limit = options.mac_limit;
  spec.mac_lock = options.mac_lock;
  if (options.security) spec.security = canonical_security(*options.security);
  spec.rates = options.rates;
  spec.queues = options.queues.value_or(0);
  spec.tx_retries = options.tx_retries;
}

PortState vhost_port(const std::string& name, const config::SwitchConfig& sw) {
  PortState port;
  port.spec.name = name;
  port.spec.type = "vhost";
  port.spec.mode = std::string(config::to_string(sw.vhost_mode));
  return port;
}

// Where a ports[] socket is: absolute, or relative to the config's (else the switch's)
// vhost directory. Unset when it is the switch's default for the port's name.
Result<std::string> socket_path(const config::ApplianceConfig& config, size_t index,
                                const MappingOptions& options) {
  const config::PortConfig& port = config.ports[index];
  if (port.socket.starts_with('/')) return port.socket;
  std::string dir = config.switch_config.vhost_dir;
  if (dir.empty()) dir = options.switch_vhost_dir;
  if (!dir.empty()) return dir + "/" + port.socket;
  if (port.socket == port.name + ".sock") return std::string();
  return config.error_at(fmt::format("ports[{}].socket", index),
                         "a relative socket needs switch.vhost_dir (or the switch's vhost "
                         "directory); give an absolute path or set switch.vhost_dir");
}

// A vdev as given; a device as a PCI address, resolved when the caller can read the host.
Result<std::string> device_devargs(const config::ApplianceConfig& config, size_t index,
                                   const MappingOptions& options) {
  const config::PortConfig& entry = config.ports[index];
  if (!entry.vdev.empty()) return entry.vdev;
  if (!options.resolve_device) return pci_devargs(entry.device);
  auto address = options.resolve_device(entry.device);
  if (!address) {
    return config.error_at(fmt::format("ports[{}].device", index), address.error().message);
  }
  return address;
}

Result<PortState> config_port(const config::ApplianceConfig& config, size_t index,
                              const MappingOptions& options) {
  const config::PortConfig& entry = config.ports[index];
  PortState port;
  if (!entry.socket.empty()) {
    port = vhost_port(entry.name, config.switch_config);
    auto path = socket_path(config, index, options);
    if (!path) return std::move(path).error();
    port.spec.path = *path;
  } else {
    port.spec.name = entry.name;
    port.spec.type = "dpdk";
    auto devargs = device_devargs(config, index, options);
    if (!devargs) return std::move(devargs).error();
    port.spec.devargs = *devargs;
  }
  apply_options(entry.options, port.spec);
  return port;
}

PortState interface_port(const config::ApplianceConfig& config,
                         const config::InterfaceConfig& interface) {
  PortState port = vhost_port(interface.name, config.switch_config);
  const std::string& dir = config.switch_config.vhost_dir;
  // Without a vhost_dir the switch's default path is <its vhost dir>/<name>.sock already.
  if (!dir.empty()) port.spec.path = dir + "/" + interface.name + ".sock";
  port.spec.bridge = interface.bridge;
  apply_options(interface.options, port.spec);
  return port;
}

Status add_port(SwitchState& state, PortState port) {
  std::string name = port.spec.name;
  if (!state.ports.emplace(name, std::move(port)).second) {
    return make_error("port {} is defined twice (in ports[] and a guest's interfaces)", name);
  }
  return {};
}

Status map_ports(const config::ApplianceConfig& config, const MappingOptions& options,
                 SwitchState& state) {
  for (size_t i = 0; i < config.ports.size(); ++i) {
    auto port = config_port(config, i, options);
    if (!port) return std::move(port).error();
    NFV_TRY(add_port(state, std::move(port).value()));
  }
  for (const auto& guest : config.guests) {
    for (const auto& interface : guest.interfaces) {
      if (interface.type != config::InterfaceType::kVhost) continue;
      NFV_TRY(add_port(state, interface_port(config, interface)));
    }
  }
  return {};
}

Status map_bridges(const config::ApplianceConfig& config, SwitchState& state) {
  for (size_t b = 0; b < config.bridges.size(); ++b) {
    const config::BridgeConfig& bridge = config.bridges[b];
    api::BridgeAddParams params;
    params.name = bridge.name;
    params.mac_table_size = bridge.mac_table_size;
    params.mac_limit = bridge.mac_limit;
    state.bridges[bridge.name] = params;
    for (size_t p = 0; p < bridge.ports.size(); ++p) {
      auto port = state.ports.find(bridge.ports[p]);
      if (port == state.ports.end()) {
        return config.error_at(fmt::format("bridges[{}].ports[{}]", b, p), "no such port");
      }
      port->second.spec.bridge = bridge.name;
    }
    for (const auto& mac : bridge.macs) {
      auto parsed = parse_mac(mac.mac);
      std::string text = parsed ? format_mac(*parsed) : mac.mac;
      state.macs[MacKey{bridge.name, text, mac.vlan}] = mac.port;
    }
  }
  return {};
}

Status map_xconnects(const config::ApplianceConfig& config, SwitchState& state) {
  for (size_t x = 0; x < config.xconnects.size(); ++x) {
    const auto& pair = config.xconnects[x].ports;
    if (pair.size() != 2 || !state.ports.contains(pair[0]) || !state.ports.contains(pair[1])) {
      return config.error_at(fmt::format("xconnects[{}].ports", x), "needs two existing ports");
    }
    state.ports[pair[0]].spec.xconnect = pair[1];
    state.ports[pair[1]].spec.xconnect = pair[0];
  }
  return {};
}

}  // namespace

Result<SwitchState> desired_switch_state(const config::ApplianceConfig& config,
                                         const MappingOptions& options) {
  SwitchState state;
  if (!config.switch_config.enabled) return state;
  NFV_TRY(map_ports(config, options, state));
  NFV_TRY(map_bridges(config, state));
  NFV_TRY(map_xconnects(config, state));
  return state;
}

}  // namespace nfv::nfvd
