// A port's anti-spoofing rules as PMDs check them: the source MACs and IP addresses a guest
// may send from, and whether it may act as a router or DHCP server. Built by the control side
// (make_port_security), copied into the snapshot that points to it, never written after.
#pragma once

#include <array>
#include <cstdint>

namespace nfv::dp {

// An IPv4 prefix in network byte order: an address matches when (address & mask) == network.
struct Ipv4Prefix {
  uint32_t network = 0;
  uint32_t mask = 0;
  uint8_t length = 32;
  bool operator==(const Ipv4Prefix& other) const = default;
};

// An IPv6 prefix as two 64-bit words each, in the address's byte order (memcpy of the bytes).
struct Ipv6Prefix {
  std::array<uint64_t, 2> network{};
  std::array<uint64_t, 2> mask{};
  uint8_t length = 128;
  bool operator==(const Ipv6Prefix& other) const = default;
};

struct PortSecurity {
  static constexpr uint8_t kMaxMacs = 16;
  static constexpr uint8_t kMaxIpv4 = 16;
  static constexpr uint8_t kMaxIpv6 = 16;

  uint8_t n_macs = 0;
  uint8_t n_ipv4 = 0;    // 0: any IPv4 source (the MAC is still checked)
  uint8_t n_ipv6 = 0;    // 0: any IPv6 source
  bool trusted = false;  // may send router advertisements, redirects and DHCP server replies
  std::array<uint64_t, kMaxMacs> macs{};  // 48-bit keys as fdb_key(0, mac) builds them
  std::array<Ipv4Prefix, kMaxIpv4> ipv4{};
  std::array<Ipv6Prefix, kMaxIpv6> ipv6{};

  bool operator==(const PortSecurity& other) const = default;
};

}  // namespace nfv::dp
