// The switch's canonical text of port settings, so that desired and observed compare equal.
#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "nfv/api/port_limits.h"
#include "nfv/common/ip_prefix.h"
#include "nfv/common/strings.h"
#include "nfv/nfvd/desired_state.h"

namespace nfv::nfvd {
namespace {

struct Address {
  bool v6 = false;
  std::string text;  // canonical
};

// "2001:DB8::1/128" -> "2001:db8::1"; text that does not parse stays as written, for the
// switch to refuse in its own words.
std::optional<Address> canonical_address(const std::string& written) {
  auto prefix = parse_ip_prefix(written);
  if (!prefix) return std::nullopt;
  return Address{prefix->v6, format_ip_prefix(*prefix)};
}

}  // namespace

api::PortSecurityConfig canonical_security(api::PortSecurityConfig security) {
  for (auto& mac : security.macs) {
    if (auto parsed = parse_mac(mac)) mac = format_mac(*parsed);
  }
  std::vector<std::string> v4, v6, unparsed;
  for (const auto& ip : security.ips) {
    auto address = canonical_address(ip);
    if (!address) {
      unparsed.push_back(ip);
    } else {
      (address->v6 ? v6 : v4).push_back(address->text);
    }
  }
  security.ips = std::move(v4);
  security.ips.insert(security.ips.end(), v6.begin(), v6.end());
  security.ips.insert(security.ips.end(), unparsed.begin(), unparsed.end());
  return security;
}

api::VlanConfig canonical_vlan(api::VlanConfig vlan) {
  if (vlan.mode != "trunk" || vlan.trunks.empty()) return vlan;
  auto ids = parse_id_list(vlan.trunks, "vlan.trunks", api::kMaxVlanId);
  if (ids && !ids->empty()) vlan.trunks = format_id_list(*ids);
  return vlan;
}

}  // namespace nfv::nfvd
