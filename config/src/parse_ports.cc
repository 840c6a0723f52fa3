// ports[], bridges[], xconnects[] and the port options ports and vhost interfaces share. The
// ranges are the switch's own (nfv/api/port_limits.h), so what parses is what port.add takes.
#include <fmt/format.h>

#include <limits>

#include "nfv/api/port_limits.h"
#include "nfv/common/strings.h"
#include "parse_common.h"

namespace nfv::config::detail {
namespace {

// A whole number the switch checks with `check`: refused here with the switch's words.
auto switch_number(Status (*check)(uint32_t)) {
  return [check](const YamlCursor& at) -> Result<uint32_t> {
    auto value = at.uint(0, UINT32_MAX);
    if (!value) return std::move(value).error();
    if (auto checked = check(static_cast<uint32_t>(*value)); !checked) {
      return at.error(checked.error().message);
    }
    return static_cast<uint32_t>(*value);
  };
}

// "1-100,200" as written, or a YAML list of VLAN ids.
Result<std::string> read_trunks(const YamlCursor& at) {
  if (!at.is_sequence()) return at.string();
  std::vector<std::string> ids;
  for (size_t i = 0; i < at.size(); ++i) {
    auto id = at.item(i).uint(0, UINT32_MAX);
    if (!id) return std::move(id).error();
    ids.push_back(std::to_string(*id));
  }
  return join(ids, ",");
}

Result<api::VlanConfig> read_vlan(const YamlCursor& at) {
  NFV_TRY(at.expect_map({"mode", "tag", "trunks", "native", "qinq"}));
  api::VlanConfig vlan;
  NFV_TRY(read_optional(at.child("mode"), vlan.mode, text()));
  NFV_TRY(read_optional(at.child("tag"), vlan.tag, whole_number(0, UINT32_MAX)));
  NFV_TRY(read_optional(at.child("trunks"), vlan.trunks, read_trunks));
  NFV_TRY(read_optional(at.child("native"), vlan.native, whole_number(0, UINT32_MAX)));
  NFV_TRY(read_optional(at.child("qinq"), vlan.qinq, yes_no()));
  if (auto checked = api::check_vlan(vlan); !checked) return at.error(checked.error().message);
  return vlan;
}

Result<api::PortSecurityConfig> read_security(const YamlCursor& at) {
  NFV_TRY(at.expect_map({"enabled", "macs", "ips", "trusted"}));
  api::PortSecurityConfig security;
  NFV_TRY(read_optional(at.child("enabled"), security.enabled, yes_no()));
  auto macs = at.child("macs").strings();
  if (!macs) return std::move(macs).error();
  security.macs = std::move(*macs);
  auto ips = at.child("ips").strings();
  if (!ips) return std::move(ips).error();
  security.ips = std::move(*ips);
  NFV_TRY(read_optional(at.child("trusted"), security.trusted, yes_no()));
  if (auto checked = api::check_port_security(security); !checked) {
    return at.error(checked.error().message);
  }
  return security;
}

// Each limit checked alone by the switch's check, so the error points at its own key.
template <typename T>
Status read_rate(const YamlCursor& at, std::string_view key, T api::RateConfig::*field,
                 api::RateConfig& rates) {
  YamlCursor value = at.child(key);
  NFV_TRY(read_optional(value, rates.*field, whole_number(0, std::numeric_limits<T>::max())));
  api::RateConfig alone;
  alone.*field = rates.*field;
  if (auto checked = api::check_rates(alone); !checked) return value.error(checked.error().message);
  return ok_status();
}

Result<api::RateConfig> read_rates(const YamlCursor& at) {
  NFV_TRY(at.expect_map({"policer_pps", "policer_bps", "storm_broadcast_pps", "storm_multicast_pps",
                         "storm_unknown_unicast_pps"}));
  api::RateConfig rates;
  NFV_TRY(read_rate(at, "policer_pps", &api::RateConfig::policer_pps, rates));
  NFV_TRY(read_rate(at, "policer_bps", &api::RateConfig::policer_bps, rates));
  NFV_TRY(read_rate(at, "storm_broadcast_pps", &api::RateConfig::storm_broadcast_pps, rates));
  NFV_TRY(read_rate(at, "storm_multicast_pps", &api::RateConfig::storm_multicast_pps, rates));
  NFV_TRY(read_rate(at, "storm_unknown_unicast_pps", &api::RateConfig::storm_unknown_unicast_pps,
                    rates));
  return rates;
}

Status parse_port(const YamlCursor& entry, PortConfig& port) {
  const char* kinds[] = {"device", "vdev", "socket"};
  std::string* fields[] = {&port.device, &port.vdev, &port.socket};
  int given = 0;
  for (int k = 0; k < 3; ++k) {
    YamlCursor at = entry.child(kinds[k]);
    if (!at.present()) continue;
    ++given;
    NFV_TRY(read_optional(at, *fields[k], text()));
  }
  if (given != 1) {
    return entry.error(
        "give exactly one of device (a PCI BDF or netdev name), vdev (a DPDK virtual device "
        "such as \"net_tap0,iface=nfv0\") or socket (a vhost-user socket)");
  }
  return parse_port_options(entry, port.options);
}

Status parse_static_mac(const YamlCursor& entry, StaticMac& mac) {
  YamlCursor address = entry.child("mac");
  if (!address.present()) return address.error("missing (the static MAC address)");
  YamlCursor port = entry.child("port");
  if (!port.present()) return port.error("missing (the port frames to this MAC go out of)");
  NFV_TRY(read_optional(address, mac.mac, read_unicast_mac));
  NFV_TRY(read_optional(port, mac.port, text()));
  return read_optional(entry.child("vlan"), mac.vlan, whole_number(0, api::kMaxVlanId));
}

Status parse_bridge(const YamlCursor& entry, BridgeConfig& bridge) {
  auto ports = entry.child("ports").strings();
  if (!ports) return std::move(ports).error();
  bridge.ports = std::move(*ports);
  YamlCursor size = entry.child("mac_table_size");
  NFV_TRY(read_optional(size, bridge.mac_table_size, whole_number(0, UINT32_MAX)));
  if (auto checked = api::check_mac_table(bridge.mac_table_size.value_or(api::kMaxMacTableSize), 0);
      !checked) {
    return size.error(checked.error().message);
  }
  YamlCursor limit = entry.child("mac_limit");
  NFV_TRY(read_optional(limit, bridge.mac_limit, whole_number(0, UINT32_MAX)));
  if (auto checked = api::check_mac_table(bridge.mac_table_size.value_or(api::kMaxMacTableSize),
                                          bridge.mac_limit.value_or(0));
      !checked) {
    return limit.error(checked.error().message);
  }
  return parse_list(entry.child("macs"), {"mac", "port", "vlan"}, bridge.macs, parse_static_mac);
}

}  // namespace

std::vector<std::string_view> with_port_option_keys(std::vector<std::string_view> keys) {
  for (std::string_view key :
       {"vlan", "mtu", "mac_limit", "mac_lock", "security", "rates", "queues", "tx_retries"}) {
    keys.push_back(key);
  }
  return keys;
}

Status parse_port_options(const YamlCursor& entry, PortOptions& options) {
  NFV_TRY(read_optional(entry.child("vlan"), options.vlan, read_vlan));
  NFV_TRY(read_optional(entry.child("mtu"), options.mtu, switch_number(api::check_mtu)));
  NFV_TRY(read_optional(entry.child("mac_limit"), options.mac_limit,
                        switch_number(api::check_mac_limit)));
  NFV_TRY(read_optional(entry.child("mac_lock"), options.mac_lock, yes_no()));
  NFV_TRY(read_optional(entry.child("security"), options.security, read_security));
  NFV_TRY(read_optional(entry.child("rates"), options.rates, read_rates));
  NFV_TRY(read_optional(entry.child("queues"), options.queues, switch_number(api::check_queues)));
  return read_optional(entry.child("tx_retries"), options.tx_retries,
                       switch_number(api::check_tx_retries));
}

Result<std::string> read_unicast_mac(const YamlCursor& at) {
  auto text = at.string();
  if (!text) return text;
  auto mac = parse_mac(*text);
  if (!mac) return at.error(mac.error().message);
  if (((*mac)[0] & 1) != 0) return at.error(fmt::format("{} is a multicast MAC", *text));
  return format_mac(*mac);
}

Status parse_ports(const YamlCursor& at, std::vector<PortConfig>& ports) {
  return parse_named_list(at, "port", with_port_option_keys({"name", "device", "vdev", "socket"}),
                          ports, parse_port);
}

Status parse_bridges(const YamlCursor& at, std::vector<BridgeConfig>& bridges) {
  return parse_named_list(at, "bridge", {"name", "ports", "mac_table_size", "mac_limit", "macs"},
                          bridges, parse_bridge);
}

Status parse_xconnects(const YamlCursor& at, std::vector<XconnectConfig>& xconnects) {
  return parse_list(at, {"ports"}, xconnects, [](const YamlCursor& entry, XconnectConfig& x) {
    YamlCursor ports = entry.child("ports");
    auto names = ports.strings();
    if (!names) return Status(std::move(names).error());
    if (names->size() != 2) {
      return Status(
          ports.error(fmt::format("must name exactly two ports (got {})", names->size())));
    }
    x.ports = std::move(*names);
    return ok_status();
  });
}

}  // namespace nfv::config::detail
