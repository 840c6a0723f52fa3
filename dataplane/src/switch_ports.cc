// Ports: adding, removing, attaching to bridges or peers, VLANs.
#include <algorithm>

#include "api_error.h"
#include "nfv/common/log.h"
#include "nfv/dataplane/dpdk_port.h"
#include "nfv/dataplane/port_security_settings.h"
#include "nfv/dataplane/switch.h"
#include "nfv/dataplane/vhost_port.h"

namespace nfv::dp {

using api::ErrorCode;

Result<std::unique_ptr<Port>> Switch::open_port(const PortSpec& spec, uint16_t index) {
  if (spec.type == PortType::kVhost) {
    for (const auto& other : ports_) {
      auto* vhost = dynamic_cast<const VhostPort*>(other.get());
      if (vhost != nullptr && vhost->socket_path() == spec.vhost.path) {
        return api_error(ErrorCode::kAlreadyExists,
                         fmt::format("port {}: socket {} is already port {}'s", spec.name,
                                     spec.vhost.path, vhost->name()));
      }
    }
    auto port = VhostPort::create(spec, index, this);
    if (!port) return std::move(port).error();
    return std::unique_ptr<Port>(std::move(port).value());
  }
  bool pci_disabled = std::find(eal_args_.begin(), eal_args_.end(), "--no-pci") != eal_args_.end();
  if (pci_disabled && is_pci_address(spec.dpdk.devargs)) {
    return api_error(ErrorCode::kUnsupported,
                     fmt::format("port {}: nfv-switch was started without PCI devices "
                                 "(--no-pci); restart it with this device in a --port option",
                                 spec.name));
  }
  DpdkPortResources resources;
  resources.tx_queues = static_cast<uint16_t>(pmds_.size());
  resources.rx_descriptors = static_cast<uint16_t>(options_.rx_descriptors);
  resources.tx_descriptors = static_cast<uint16_t>(options_.tx_descriptors);
  resources.pool_for_node = [this](int node) { return mempools_->for_node(node); };
  auto port = DpdkPort::open(spec, index, resources);
  if (!port) return std::move(port).error();
  return std::unique_ptr<Port>(std::move(port).value());
}

Result<api::PortInfo> Switch::add_port(const PortSpec& spec, bool exist_ok) {
  std::lock_guard lock(mutex_);
  if (Port* existing = find_port(spec.name)) {
    if (exist_ok && api::to_wire(existing->spec().params) == api::to_wire(spec.params)) {
      return port_info(*existing);
    }
    return api_error(ErrorCode::kAlreadyExists,
                     fmt::format("port '{}' already exists{}", spec.name,
                                 exist_ok ? " with a different configuration" : ""));
  }
  if (!spec.bridge.empty() && find_bridge(spec.bridge) == nullptr) {
    return api_error(
        ErrorCode::kNotFound,
        fmt::format("port {}: bridge '{}' does not exist (add it first)", spec.name, spec.bridge));
  }
  if (!spec.xconnect.empty() && find_port(spec.xconnect) == nullptr) {
    return api_error(
        ErrorCode::kNotFound,
        fmt::format("port {}: cross-connect peer '{}' does not exist", spec.name, spec.xconnect));
  }
  auto slot = std::find_if(ports_.begin(), ports_.end(), [](const auto& p) { return !p; });
  if (slot == ports_.end()) {
    return api_error(ErrorCode::kResourceExhausted,
                     fmt::format("port {}: the switch already has {} ports", spec.name, kMaxPorts));
  }
  auto opened = open_port(spec, static_cast<uint16_t>(slot - ports_.begin()));
  if (!opened) return std::move(opened).error();
  Port& added = **opened;
  added.take_baseline(counters());  // counter slots are reused: start from what it holds now
  fdb_->set_learn_policy(added.index(), added.learning());  // before any PMD sees the port
  restart_rxq_cycles(added);
  *slot = std::move(opened).value();
  if (auto status = check_attachment(added, spec.bridge, spec.xconnect); !status) {
    log::warning("port {}: {}", added.name(), status.error().message);
  } else {
    attach(added, spec.bridge, spec.xconnect);
  }
  place_queues(false);
  publish();
  log::info("port {} added: {} {}{}", added.name(), wire_name(spec.type),
            spec.type == PortType::kVhost ? spec.vhost.path : spec.dpdk.devargs,
            spec.type == PortType::kVhost ? fmt::format(" ({})", wire_name(spec.vhost.mode)) : "");
  return port_info(added);
}

Status Switch::del_port(const api::NameParams& params) {
  std::unique_ptr<Port> doomed;
  {
    std::lock_guard lock(mutex_);
    Port* port = find_port(params.name);
    if (port == nullptr) {
      if (params.missing_ok) return {};
      return port_or_error(params.name).error();
    }
    detach(*port);
    port->mark_deleting();
    place_queues(false);
    publish_and_wait();  // from here on no PMD touches the port
    flush_port_macs(port->index());
    doomed = std::move(ports_[port->index()]);
  }
  // Outside the lock: unregistering may run on_device_gone on this thread.
  std::string name = doomed->name();
  doomed.reset();
  log::info("port {} removed", name);
  return {};
}

api::PortList Switch::list_ports() {
  std::lock_guard lock(mutex_);
  api::PortList list;
  for (const auto& port : ports_) {
    if (port && !port->deleting()) list.ports.push_back(port_info(*port));
  }
  return list;
}

// Whether `port` may join `bridge` or pair with `xconnect` ("" for neither); changes nothing.
Status Switch::check_attachment(const Port& port, const std::string& bridge,
                                const std::string& xconnect) {
  if (!bridge.empty()) {
    auto found = bridge_or_error(bridge);
    if (!found) return std::move(found).error();
    return {};
  }
  if (xconnect.empty()) return {};
  auto found = port_or_error(xconnect);
  if (!found) return std::move(found).error();
  const Port& peer = **found;
  if (&peer == &port) {
    return api_error(ErrorCode::kInvalidParams,
                     fmt::format("port {} cannot be cross-connected with itself", port.name()));
  }
  bool paired_with_us = peer.attachment() == Attachment::kXconnect && peer.peer() == port.index();
  if (peer.attachment() != Attachment::kNone && !paired_with_us) {
    return api_error(
        ErrorCode::kBusy,
        fmt::format("port {} is already in {}; detach it first (port.set bridge=\"\" or "
                    "xconnect=\"\")",
                    peer.name(),
                    peer.attachment() == Attachment::kBridge ? "a bridge" : "a cross-connect"));
  }
  return {};
}

// Attaches as check_attachment() allowed.
void Switch::attach(Port& port, const std::string& bridge, const std::string& xconnect) {
  if (!bridge.empty()) {
    port.attach_to_bridge(find_bridge(bridge)->index());
  } else if (!xconnect.empty()) {
    Port& peer = *find_port(xconnect);
    port.attach_to_peer(peer.index());
    peer.attach_to_peer(port.index());
  }
}

void Switch::detach(Port& port) {
  if (port.attachment() == Attachment::kXconnect && ports_[port.peer()]) {
    ports_[port.peer()]->detach();
  }
  port.detach();
}

Result<api::PortInfo> Switch::set_port(const api::PortSetParams& params) {
  std::lock_guard lock(mutex_);
  auto found = port_or_error(params.name);
  if (!found) return std::move(found).error();
  Port& port = **found;
  if (params.admin && *params.admin != "up" && *params.admin != "down") {
    return api_error(ErrorCode::kInvalidParams, fmt::format("port {}: admin '{}' is not up or down",
                                                            port.name(), *params.admin));
  }
  if (params.bridge && params.xconnect && !params.bridge->empty() && !params.xconnect->empty()) {
    return api_error(
        ErrorCode::kInvalidParams,
        fmt::format("port {}: give a bridge or a cross-connect, not both", port.name()));
  }
  if (params.tx_retries && *params.tx_retries > 1024) {
    return api_error(ErrorCode::kInvalidParams, fmt::format("port {}: tx_retries {} is above 1024",
                                                            port.name(), *params.tx_retries));
  }
  api::RateConfig rates = params.rates ? api::updated(port.rates(), *params.rates) : port.rates();
  NFV_TRY(check_rates(port.name(), rates));
  if (params.mac_limit) NFV_TRY(check_mac_limit(port.name(), *params.mac_limit));
  std::optional<std::optional<PortSecurity>> security;  // set: the port's new rules (or none)
  if (params.security) {
    auto rules = make_port_security(port.name(), *params.security);
    if (!rules) return api_error(ErrorCode::kInvalidParams, rules.error().message);
    security = *rules;
  }
  if (params.bridge.has_value() || params.xconnect.has_value()) {
    std::string bridge = params.bridge.value_or("");
    std::string xconnect = params.xconnect.value_or("");
    NFV_TRY(check_attachment(port, bridge, xconnect));  // before changing anything
    bool was_bridged = port.attachment() == Attachment::kBridge;
    detach(port);
    attach(port, bridge, xconnect);
    if (was_bridged) {
      publish_and_wait();
      flush_port_macs(port.index());  // its MACs belonged to the old bridge
    }
  }
  if (params.admin) port.set_admin_up(*params.admin == "up");
  if (params.tx_retries) port.set_tx_retries(static_cast<uint16_t>(*params.tx_retries));
  port.set_rates(rates);
  if (params.mac_limit || params.mac_lock) set_learning(port, params.mac_limit, params.mac_lock);
  if (!security) {
    publish();
    return port_info(port);
  }
  port.set_security(*security);
  // Waits until every PMD forwards with the new rules: a frame received after port.set
  // returns is checked by them.
  publish_and_wait();
  log::info("port {}: port security {}", port.name(),
            *security ? api::to_wire(*to_api(*security)).dump() : "off");
  return port_info(port);
}

Result<api::PortInfo> Switch::set_vlan(const api::VlanSetParams& params) {
  std::lock_guard lock(mutex_);
  auto found = port_or_error(params.port);
  if (!found) return std::move(found).error();
  Port& port = **found;
  auto settings = make_vlan_settings(port.name(), params.vlan);
  if (!settings) return api_error(ErrorCode::kInvalidParams, settings.error().message);
  port.set_vlan(*settings);
  publish_and_wait();
  flush_port_macs(port.index());  // learned in VLANs the port may no longer carry
  log::info("port {}: vlan {}", port.name(), api::to_wire(to_api(port.vlan())).dump());
  return port_info(port);
}

void Switch::set_learning(Port& port, std::optional<uint32_t> mac_limit,
                          std::optional<bool> mac_lock) {
  PortLearnPolicy learning = port.learning();
  learning.mac_limit = mac_limit.value_or(learning.mac_limit);
  learning.mac_lock = mac_lock.value_or(learning.mac_lock);
  port.set_learning(learning);
  // MACs learned beyond a lowered limit stay until they age out or are flushed.
  fdb_->set_learn_policy(port.index(), learning);
  log::info("port {}: mac_limit {}, mac_lock {}", port.name(), learning.mac_limit,
            learning.mac_lock ? "on" : "off");
}

void Switch::flush_port_macs(uint16_t index) {
  FdbFilter filter;
  filter.port = index;
  filter.include_static = true;
  fdb_->flush(filter);
}

}  // namespace nfv::dp
