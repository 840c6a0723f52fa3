#include "nfv/api/port_limits.h"

#include <fmt/format.h>

#include <algorithm>

#include "nfv/common/ip_prefix.h"
#include "nfv/common/strings.h"

namespace nfv::api {
namespace {

Status check_rate(const char* field, uint64_t value, uint64_t most) {
  if (value <= most) return {};
  return make_error("rates.{} {} is above {}", field, value, most);
}

// "a.b.c.d", "a::b", or either with "/length": the family (4 or 6), or an error.
Result<int> address_family(const std::string& text) {
  auto prefix = parse_ip_prefix(text);
  if (!prefix) return std::move(prefix).error();
  return prefix->v6 ? 6 : 4;
}

Status check_security_macs(const std::vector<std::string>& macs) {
  if (macs.empty()) {
    return make_error(
        "security.macs is empty: a port with port security needs the MACs its guest sends from");
  }
  if (macs.size() > kMaxSecurityEntries) {
    return make_error("security.macs has {} MACs, at most {}", macs.size(), kMaxSecurityEntries);
  }
  std::vector<MacAddress> seen;
  for (size_t i = 0; i < macs.size(); ++i) {
    auto mac = parse_mac(macs[i]);
    if (!mac) return make_error("security.macs[{}]: {}", i, mac.error().message);
    if (((*mac)[0] & 1) != 0) {
      return make_error("security.macs[{}] {} is a multicast MAC, never a source", i,
                        format_mac(*mac));
    }
    if (std::find(seen.begin(), seen.end(), *mac) != seen.end()) {
      return make_error("security.macs[{}] {} is listed twice", i, format_mac(*mac));
    }
    seen.push_back(*mac);
  }
  return {};
}

}  // namespace

Status check_mtu(uint32_t mtu) {
  if (mtu >= kMinMtu && mtu <= kMaxMtu) return {};
  return make_error("mtu {} is out of range [{}, {}]", mtu, kMinMtu, kMaxMtu);
}

Status check_queues(uint32_t queues) {
  uint32_t effective = queues == 0 ? 1 : queues;
  if (effective <= kMaxPortQueues) return {};
  return make_error("{} queues is out of range [1, {}]", effective, kMaxPortQueues);
}

Status check_tx_retries(uint32_t tx_retries) {
  if (tx_retries <= kMaxTxRetries) return {};
  return make_error("tx_retries {} is above {}", tx_retries, kMaxTxRetries);
}

Status check_mac_limit(uint32_t mac_limit) {
  if (mac_limit <= kMaxMacTableSize) return {};
  return make_error("mac_limit {} is out of range [0, {}] (0: no limit)", mac_limit,
                    kMaxMacTableSize);
}

Status check_rates(const RateConfig& r) {
  NFV_TRY(check_rate("policer_pps", r.policer_pps, kMaxRatePps));
  NFV_TRY(check_rate("policer_bps", r.policer_bps, kMaxRateBps));
  NFV_TRY(check_rate("storm_broadcast_pps", r.storm_broadcast_pps, kMaxRatePps));
  NFV_TRY(check_rate("storm_multicast_pps", r.storm_multicast_pps, kMaxRatePps));
  NFV_TRY(check_rate("storm_unknown_unicast_pps", r.storm_unknown_unicast_pps, kMaxRatePps));
  return {};
}

Status check_mac_table(uint32_t mac_table_size, uint32_t mac_limit) {
  if (mac_table_size < kMinMacTableSize || mac_table_size > kMaxMacTableSize) {
    return make_error("mac_table_size {} is out of range [{}, {}]", mac_table_size,
                      kMinMacTableSize, kMaxMacTableSize);
  }
  if (mac_limit > mac_table_size) {
    return make_error(
        "mac_limit {} is above its mac_table_size {} (give at most {}, or 0 for no limit but "
        "the table's size)",
        mac_limit, mac_table_size, mac_table_size);
  }
  return {};
}

Result<std::vector<uint32_t>> check_vlan(const VlanConfig& vlan) {
  if (vlan.mode == "access") {
    if (vlan.tag < 1 || vlan.tag > kMaxVlanId) {
      return make_error("vlan.tag {} is out of range [1, {}] (an access port needs its VLAN)",
                        vlan.tag, kMaxVlanId);
    }
    if (!vlan.trunks.empty() || vlan.native != 0 || vlan.qinq) {
      return make_error("vlan.trunks, vlan.native and vlan.qinq apply to trunk ports, not access");
    }
    return std::vector<uint32_t>{};
  }
  if (vlan.mode != "trunk" && !vlan.mode.empty()) {
    return make_error("vlan.mode '{}' is not access or trunk", vlan.mode);
  }
  if (vlan.tag != 0)
    return make_error("vlan.tag applies to access ports; a trunk takes vlan.trunks");
  if (vlan.native > kMaxVlanId) {
    return make_error("vlan.native {} is out of range [0, {}]", vlan.native, kMaxVlanId);
  }
  if (vlan.trunks.empty()) return std::vector<uint32_t>{};
  auto ids = parse_id_list(vlan.trunks, "vlan.trunks", kMaxVlanId);
  if (!ids) return std::move(ids).error();
  if (std::find(ids->begin(), ids->end(), 0u) != ids->end()) {
    return make_error("vlan.trunks may not contain 0 (untagged frames use vlan.native)");
  }
  return ids;
}

Status check_port_security(const PortSecurityConfig& security) {
  if (!security.enabled) {
    if (security.macs.empty() && security.ips.empty() && !security.trusted) return {};
    return make_error(
        "security.macs, security.ips and security.trusted need security.enabled true");
  }
  NFV_TRY(check_security_macs(security.macs));
  size_t per_family[2] = {0, 0};
  for (size_t i = 0; i < security.ips.size(); ++i) {
    auto family = address_family(security.ips[i]);
    if (!family) return make_error("security.ips[{}] {}", i, family.error().message);
    if (++per_family[*family == 4 ? 0 : 1] > kMaxSecurityEntries) {
      return make_error("security.ips[{}]: more than {} IPv{} entries", i, kMaxSecurityEntries,
                        *family);
    }
  }
  return {};
}

}  // namespace nfv::api
