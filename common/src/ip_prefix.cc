#include "nfv/common/ip_prefix.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>
#include <string_view>

namespace nfv {

Result<IpPrefix> parse_ip_prefix(const std::string& text) {
  IpPrefix prefix;
  auto slash = text.find('/');
  std::string address = text.substr(0, slash);
  if (inet_pton(AF_INET, address.c_str(), prefix.bytes.data()) == 1) {
    prefix.v6 = false;
  } else if (inet_pton(AF_INET6, address.c_str(), prefix.bytes.data()) == 1) {
    prefix.v6 = true;
  } else {
    return make_error("'{}' is not an IPv4 or IPv6 address (or address/prefix length)", text);
  }
  unsigned full = prefix.full_length();
  prefix.length = full;
  if (slash == std::string::npos) return prefix;
  std::string_view digits = std::string_view(text).substr(slash + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix.length);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      prefix.length == 0 || prefix.length > full) {
    return make_error("'{}': prefix length must be 1-{}", text, full);
  }
  for (unsigned bit = prefix.length; bit < full; ++bit) {
    if ((prefix.bytes[bit / 8] >> (7 - bit % 8)) & 1) {
      return make_error("'{}' has bits set beyond its /{} prefix", text, prefix.length);
    }
  }
  return prefix;
}

std::string format_ip_prefix(const IpPrefix& prefix) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(prefix.v6 ? AF_INET6 : AF_INET, prefix.bytes.data(), text, sizeof text);
  if (prefix.length == prefix.full_length()) return text;
  return fmt::format("{}/{}", text, prefix.length);
}

}  // namespace nfv
