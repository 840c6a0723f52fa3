#include "nfv/dataplane/port_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "api_error.h"
#include "nfv/api/port_limits.h"
#include "nfv/dataplane/bridge.h"
#include "nfv/dataplane/port_security_settings.h"
#include "nfv/fastpath/limits.h"

namespace nfv::dp {
namespace {

Error invalid(std::string message) {
  return api_error(api::ErrorCode::kInvalidParams, std::move(message));
}

Status check_vhost_fields(const api::PortAddParams& p) {
  if (!p.devargs.empty())
    return invalid(fmt::format("port {}: devargs apply to dpdk ports", p.name));
  if (!p.mode.empty() && p.mode != "server" && p.mode != "client") {
    return invalid(fmt::format("port {}: mode '{}' is not server or client", p.name, p.mode));
  }
  return {};
}

Status check_dpdk_fields(const api::PortAddParams& p) {
  if (p.devargs.empty()) {
    return invalid(fmt::format(
        "port {}: a dpdk port needs devargs (a PCI address or a vdev such as net_tap0,iface=tap0)",
        p.name));
  }
  if (!p.path.empty() || !p.mode.empty()) {
    return invalid(fmt::format("port {}: path and mode apply to vhost ports", p.name));
  }
  if (p.socket || p.vhost) {
    return invalid(fmt::format("port {}: socket and vhost settings apply to vhost ports", p.name));
  }
  return {};
}

Result<PortType> port_type(const api::PortAddParams& p) {
  if (p.type == "vhost") return PortType::kVhost;
  if (p.type == "dpdk") return PortType::kDpdk;
  return invalid(fmt::format("port {}: type '{}' is not vhost or dpdk", p.name, p.type));
}

// A shared range check's verdict as an invalid-params error naming the port.
Status about_port(const std::string& port, const Status& checked) {
  if (checked) return {};
  return invalid(fmt::format("port {}: {}", port, checked.error().message));
}

static_assert(api::kMaxPortQueues == kMaxQueuesPerPort);

}  // namespace

Status check_rates(const std::string& port, const api::RateConfig& r) {
  return about_port(port, api::check_rates(r));
}

std::string_view wire_name(PortType type) { return type == PortType::kVhost ? "vhost" : "dpdk"; }
std::string_view wire_name(SocketMode mode) {
  return mode == SocketMode::kServer ? "server" : "client";
}

bool valid_object_name(const std::string& name) {
  auto allowed = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == ':' ||
           c == '-';
  };
  return !name.empty() && name.size() <= 64 && std::isalnum(static_cast<unsigned char>(name[0])) &&
         std::all_of(name.begin(), name.end(), allowed);
}

Status check_mac_limit(const std::string& port, uint32_t mac_limit) {
  return about_port(port, api::check_mac_limit(mac_limit));
}

Result<PortSpec> make_port_spec(const api::PortAddParams& params, const PortDefaults& defaults) {
  if (!valid_object_name(params.name)) {
    return invalid(fmt::format(
        "port name '{}' is invalid: use 1-64 letters, digits, '_', '.', ':' or '-', starting "
        "with a letter or digit",
        params.name));
  }
  auto type = port_type(params);
  if (!type) return std::move(type).error();
  PortSpec spec;
  spec.name = params.name;
  spec.type = *type;
  NFV_TRY(about_port(params.name, api::check_queues(params.queues)));
  spec.queues = static_cast<uint16_t>(params.queues == 0 ? 1 : params.queues);
  uint32_t retries = params.tx_retries.value_or(defaults.tx_retries);
  NFV_TRY(about_port(params.name, api::check_tx_retries(retries)));
  spec.tx_retries = static_cast<uint16_t>(retries);
  spec.learning.mac_limit = params.mac_limit.value_or(0);
  NFV_TRY(check_mac_limit(params.name, spec.learning.mac_limit));
  spec.learning.mac_lock = params.mac_lock.value_or(false);
  spec.mtu = params.mtu.value_or(*type == PortType::kDpdk ? kDefaultDpdkMtu : kDefaultVhostMtu);
  NFV_TRY(about_port(params.name, api::check_mtu(spec.mtu)));
  if (params.vlan) {
    auto vlan = make_vlan_settings(params.name, *params.vlan);
    if (!vlan) return invalid(vlan.error().message);
    spec.vlan = *vlan;
  }
  if (!params.bridge.empty() && !params.xconnect.empty()) {
    return invalid(fmt::format("port {}: give a bridge or a cross-connect, not both", params.name));
  }
  if (params.rates) {
    NFV_TRY(check_rates(params.name, *params.rates));
    spec.rates = *params.rates;
  }
  spec.bridge = params.bridge;
  spec.xconnect = params.xconnect;
  if (spec.type == PortType::kVhost) {
    NFV_TRY(check_vhost_fields(params));
    spec.vhost.path =
        params.path.empty() ? defaults.vhost_dir + "/" + params.name + ".sock" : params.path;
    spec.vhost.mode = params.mode == "client" ? SocketMode::kClient : SocketMode::kServer;
    spec.vhost.features = params.vhost.value_or(api::VhostConfig{});
    spec.vhost.socket = params.socket;
  } else {
    NFV_TRY(check_dpdk_fields(params));
    spec.dpdk.devargs = params.devargs;
  }
  if (params.security) {
    auto security = make_port_security(params.name, *params.security);
    if (!security) return invalid(security.error().message);
    spec.security = *security;
  }
  spec.params = params;
  spec.params.exist_ok = false;
  return spec;
}

}  // namespace nfv::dp
