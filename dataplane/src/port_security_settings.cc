#include "nfv/dataplane/port_security_settings.h"

#include <algorithm>
#include <cstring>

#include "nfv/api/port_limits.h"
#include "nfv/common/ip_prefix.h"
#include "nfv/common/strings.h"
#include "nfv/fastpath/admission.h"

namespace nfv::dp {
namespace {

static_assert(api::kMaxSecurityEntries == PortSecurity::kMaxMacs &&
              api::kMaxSecurityEntries == PortSecurity::kMaxIpv4 &&
              api::kMaxSecurityEntries == PortSecurity::kMaxIpv6);

// The mask of a prefix of `length` bits over `bytes` bytes, in address byte order.
void prefix_mask(uint8_t* mask, size_t bytes, unsigned length) {
  for (size_t i = 0; i < bytes; ++i) {
    unsigned bits = std::min(8u, length > 8 * i ? length - 8 * static_cast<unsigned>(i) : 0u);
    mask[i] = static_cast<uint8_t>(0xff00 >> bits);
  }
}

struct ParsedAddress {
  IpPrefix prefix;
  uint8_t mask[16] = {};
};

Result<ParsedAddress> parse_address(const std::string& field, const std::string& text) {
  auto prefix = parse_ip_prefix(text);
  if (!prefix) return make_error("{} {}", field, prefix.error().message);
  ParsedAddress a{*prefix};
  prefix_mask(a.mask, prefix->full_length() / 8, prefix->length);
  return a;
}

// The MACs as keys; api::check_port_security has refused empty, long, multicast and repeated
// lists already.
Status add_macs(const std::string& port, const api::PortSecurityConfig& config,
                PortSecurity& rules) {
  for (size_t i = 0; i < config.macs.size(); ++i) {
    auto mac = parse_mac(config.macs[i]);
    if (!mac) return make_error("port {}: security.macs[{}]: {}", port, i, mac.error().message);
    rules.macs[rules.n_macs++] = admission::mac_key(mac->data());
  }
  return {};
}

Status add_address(const std::string& field, const ParsedAddress& a, PortSecurity& rules) {
  if (!a.prefix.v6) {
    if (rules.n_ipv4 == PortSecurity::kMaxIpv4) {
      return make_error("{}: more than {} IPv4 entries", field, PortSecurity::kMaxIpv4);
    }
    Ipv4Prefix& p = rules.ipv4[rules.n_ipv4++];
    std::memcpy(&p.network, a.prefix.bytes.data(), 4);
    std::memcpy(&p.mask, a.mask, 4);
    p.length = static_cast<uint8_t>(a.prefix.length);
    return {};
  }
  if (rules.n_ipv6 == PortSecurity::kMaxIpv6) {
    return make_error("{}: more than {} IPv6 entries", field, PortSecurity::kMaxIpv6);
  }
  Ipv6Prefix& p = rules.ipv6[rules.n_ipv6++];
  std::memcpy(p.network.data(), a.prefix.bytes.data(), 16);
  std::memcpy(p.mask.data(), a.mask, 16);
  p.length = static_cast<uint8_t>(a.prefix.length);
  return {};
}

std::string format_address(bool v6, const void* bytes, unsigned length) {
  IpPrefix prefix{v6, {}, length};
  std::memcpy(prefix.bytes.data(), bytes, v6 ? 16 : 4);
  return format_ip_prefix(prefix);
}

}  // namespace

Result<std::optional<PortSecurity>> make_port_security(const std::string& port,
                                                       const api::PortSecurityConfig& config) {
  // The same checks as the config parser's, so a config that validates is accepted here.
  if (auto checked = api::check_port_security(config); !checked) {
    return make_error("port {}: {}", port, checked.error().message);
  }
  if (!config.enabled) return std::optional<PortSecurity>{};
  PortSecurity rules;
  rules.trusted = config.trusted;
  NFV_TRY(add_macs(port, config, rules));
  for (size_t i = 0; i < config.ips.size(); ++i) {
    std::string field = fmt::format("port {}: security.ips[{}]", port, i);
    auto address = parse_address(field, config.ips[i]);
    if (!address) return std::move(address).error();
    NFV_TRY(add_address(field, *address, rules));
  }
  return std::optional<PortSecurity>{rules};
}

std::optional<api::PortSecurityConfig> to_api(const std::optional<PortSecurity>& security) {
  if (!security) return std::nullopt;
  api::PortSecurityConfig config;
  config.enabled = true;
  config.trusted = security->trusted;
  for (uint8_t i = 0; i < security->n_macs; ++i) {
    MacAddress mac{};
    std::memcpy(mac.data(), &security->macs[i], 6);
    config.macs.push_back(format_mac(mac));
  }
  for (uint8_t i = 0; i < security->n_ipv4; ++i) {
    const Ipv4Prefix& p = security->ipv4[i];
    config.ips.push_back(format_address(false, &p.network, p.length));
  }
  for (uint8_t i = 0; i < security->n_ipv6; ++i) {
    const Ipv6Prefix& p = security->ipv6[i];
    config.ips.push_back(format_address(true, p.network.data(), p.length));
  }
  return config;
}

}  // namespace nfv::dp
