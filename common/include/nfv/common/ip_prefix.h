// An IPv4 or IPv6 address with an optional prefix length ("10.0.0.5", "10.1.0.0/16",
// "2001:db8::/32"), read and written by one piece of code for every component that takes one:
// the config checks, the switch's port security and nfvd's canonical form.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "nfv/common/result.h"

namespace nfv {

struct IpPrefix {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // network byte order; an IPv4 address in the first 4
  unsigned length = 0;              // the address's full length when no "/length" was given

  unsigned full_length() const { return v6 ? 128 : 32; }
};

// Refuses, naming the text: what is not an address, a prefix length outside 1..32 (1..128),
// and bits set beyond the prefix.
Result<IpPrefix> parse_ip_prefix(const std::string& text);

// The canonical text: inet_ntop's form, "/length" only when shorter than the address.
std::string format_ip_prefix(const IpPrefix& prefix);

}  // namespace nfv
