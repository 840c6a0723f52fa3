// Anti-spoofing, frame by frame: whether a port with port security may send a frame, decided
// from its bytes alone (pure, no DPDK: tested without EAL). Every read is bounds-checked
// against `len`, the bytes the first segment holds: the frame comes from a guest.
//
// A frame is admitted when its source MAC is one of the port's and it is
//  - IPv4 (after at most one 802.1Q tag): source allowed when IPv4 addresses are configured,
//    0.0.0.0 only for DHCP (UDP 68 -> 67); UDP from port 67 (a DHCP server) only if trusted;
//  - ARP (Ethernet/IPv4): sender MAC allowed; sender address allowed when IPv4 addresses are
//    configured, or 0.0.0.0 (a probe);
//  - IPv6: source allowed when IPv6 addresses are configured, or :: (DAD) or link-local;
//    router advertisements and redirects, and UDP from port 547 (DHCPv6 server), only if
//    trusted; neighbour advertisements only for an allowed (or link-local) target; link-layer
//    address options of neighbour solicitations and advertisements must be allowed MACs.
// Everything else is refused: other EtherTypes, stacked tags, and L3 headers too short or
// inconsistent to check (a guest that cannot be checked is treated as spoofing).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

#include "nfv/fastpath/port_security.h"

namespace nfv::dp {
namespace admission {

inline constexpr uint16_t kEtherIpv4 = 0x0800;
inline constexpr uint16_t kEtherArp = 0x0806;
inline constexpr uint16_t kEtherIpv6 = 0x86dd;
inline constexpr uint16_t kEtherVlan = 0x8100;
inline constexpr uint8_t kProtoUdp = 17;
inline constexpr uint8_t kProtoIcmpv6 = 58;
inline constexpr uint16_t kDhcpServerPort = 67;
inline constexpr uint16_t kDhcpClientPort = 68;
inline constexpr uint16_t kDhcpv6ServerPort = 547;
// IPv6 extension headers followed before the upper-layer header is checked; a longer chain
// is refused rather than let it hide a router advertisement.
inline constexpr unsigned kMaxIpv6Extensions = 4;
// Options of one neighbour solicitation or advertisement looked at; more are refused.
inline constexpr unsigned kMaxNdOptions = 8;

inline uint16_t load_be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

// The 48-bit key of the MAC at `p` (6 bytes read, first octet least significant).
inline uint64_t mac_key(const uint8_t* p) {
  uint32_t low;
  uint16_t high;
  std::memcpy(&low, p, 4);
  std::memcpy(&high, p + 4, 2);
  return low | (static_cast<uint64_t>(high) << 32);
}

inline bool mac_allowed(const PortSecurity& s, const uint8_t* mac) {
  uint64_t key = mac_key(mac);
  for (uint8_t i = 0; i < s.n_macs; ++i) {
    if (s.macs[i] == key) return true;
  }
  return false;
}

// `address` as loaded with memcpy from the header (network byte order in memory).
inline bool ipv4_allowed(const PortSecurity& s, uint32_t address) {
  for (uint8_t i = 0; i < s.n_ipv4; ++i) {
    if ((address & s.ipv4[i].mask) == s.ipv4[i].network) return true;
  }
  return false;
}

inline bool ipv6_listed(const PortSecurity& s, const uint8_t* address) {
  uint64_t words[2];
  std::memcpy(words, address, 16);
  for (uint8_t i = 0; i < s.n_ipv6; ++i) {
    const Ipv6Prefix& p = s.ipv6[i];
    if ((words[0] & p.mask[0]) == p.network[0] && (words[1] & p.mask[1]) == p.network[1]) {
      return true;
    }
  }
  return false;
}

inline bool ipv6_link_local(const uint8_t* a) { return a[0] == 0xfe && (a[1] & 0xc0) == 0x80; }

inline bool ipv6_unspecified(const uint8_t* a) {
  uint64_t words[2];
  std::memcpy(words, a, 16);
  return (words[0] | words[1]) == 0;
}

inline bool admit_ipv4(const PortSecurity& s, const uint8_t* p, uint32_t len) {
  if (len < 20 || (p[0] >> 4) != 4) return false;
  uint32_t header = (p[0] & 0x0fu) * 4;
  if (header < 20 || header > len) return false;
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  bool first_fragment = (load_be16(p + 6) & 0x1fff) == 0;
  if (p[9] == kProtoUdp && first_fragment) {
    if (header + 8 > len) return false;
    source_port = load_be16(p + header);
    destination_port = load_be16(p + header + 2);
  }
  if (source_port == kDhcpServerPort && !s.trusted) return false;
  if (s.n_ipv4 == 0) return true;
  uint32_t source;
  std::memcpy(&source, p + 12, 4);
  if (source == 0) return source_port == kDhcpClientPort && destination_port == kDhcpServerPort;
  return ipv4_allowed(s, source);
}

inline bool admit_arp(const PortSecurity& s, const uint8_t* p, uint32_t len) {
  // Ethernet/IPv4 ARP only: hardware type 1, protocol 0x0800, address lengths 6 and 4.
  if (len < 28 || load_be16(p) != 1 || load_be16(p + 2) != kEtherIpv4 || p[4] != 6 || p[5] != 4) {
    return false;
  }
  if (!mac_allowed(s, p + 8)) return false;
  if (s.n_ipv4 == 0) return true;
  uint32_t sender;
  std::memcpy(&sender, p + 14, 4);
  return sender == 0 || ipv4_allowed(s, sender);
}

// Source and target link-layer address options (types 1 and 2) must name allowed MACs.
inline bool nd_options_allowed(const PortSecurity& s, const uint8_t* p, uint32_t len) {
  uint32_t off = 0;
  for (unsigned n = 0; off < len; ++n) {
    if (n == kMaxNdOptions || off + 2 > len) return false;
    uint32_t option = p[off + 1] * 8u;
    if (option == 0 || off + option > len) return false;
    bool link_layer = p[off] == 1 || p[off] == 2;
    if (link_layer && option == 8 && !mac_allowed(s, p + off + 2)) return false;
    off += option;
  }
  return true;
}

inline bool admit_icmpv6(const PortSecurity& s, const uint8_t* p, uint32_t len) {
  if (len < 4) return false;
  switch (p[0]) {
    case 134:  // router advertisement
    case 137:  // redirect
      return s.trusted;
    case 135:  // neighbour solicitation
      return len >= 24 && nd_options_allowed(s, p + 24, len - 24);
    case 136: {  // neighbour advertisement: the target is the address being claimed
      if (len < 24) return false;
      const uint8_t* target = p + 8;
      if (s.n_ipv6 != 0 && !ipv6_link_local(target) && !ipv6_listed(s, target)) return false;
      return nd_options_allowed(s, p + 24, len - 24);
    }
    default:
      return true;
  }
}

inline bool admit_ipv6(const PortSecurity& s, const uint8_t* p, uint32_t len) {
  if (len < 40 || (p[0] >> 4) != 6) return false;
  const uint8_t* source = p + 8;
  if (s.n_ipv6 != 0 && !ipv6_unspecified(source) && !ipv6_link_local(source) &&
      !ipv6_listed(s, source)) {
    return false;
  }
  uint32_t end = 40u + load_be16(p + 4);  // without the Ethernet padding of short frames
  if (end < len) len = end;
  uint8_t next = p[6];
  uint32_t off = 40;
  for (unsigned n = 0;; ++n) {
    bool generic = next == 0 || next == 43 || next == 60;  // hop-by-hop, routing, destination
    if (!generic && next != 44) break;
    if (n == kMaxIpv6Extensions || off + 8 > len) return false;
    if (next == 44 && (load_be16(p + off + 2) & 0xfff8) != 0) return true;  // later fragment
    uint32_t size = generic ? (p[off + 1] + 1u) * 8 : 8;
    next = p[off];
    off += size;
    if (off > len) return false;
  }
  if (next == kProtoIcmpv6) return admit_icmpv6(s, p + off, len - off);
  if (next == kProtoUdp) {
    if (off + 8 > len) return false;
    return s.trusted || load_be16(p + off) != kDhcpv6ServerPort;
  }
  return true;
}

}  // namespace admission

// Whether a port with `rules` may send `frame` (the `len` bytes of its first segment).
inline bool admit_frame(const PortSecurity& rules, const uint8_t* frame, uint32_t len) {
  using namespace admission;
  if (len < 14 || !mac_allowed(rules, frame + 6)) return false;
  uint32_t off = 12;
  uint16_t type = load_be16(frame + off);
  if (type == kEtherVlan) {  // a trunk's tag (classify removed priority tags)
    if (len < 18) return false;
    off = 16;
    type = load_be16(frame + off);
  }
  off += 2;
  switch (type) {
    case kEtherIpv4:
      return admit_ipv4(rules, frame + off, len - off);
    case kEtherArp:
      return admit_arp(rules, frame + off, len - off);
    case kEtherIpv6:
      return admit_ipv6(rules, frame + off, len - off);
    default:
      return false;
  }
}

}  // namespace nfv::dp

namespace nfv::dp {

// The last admitted untagged IPv4 frame without header options, reduced to what decides its
// verdict: source MAC and EtherType (bytes 6-13), version and header length (14), fragment
// field (20-21), protocol (23), source address (26-29) and the four bytes after the header (the
// UDP ports, 34-37). A frame with the same bytes there, and at least as long, has the same
// verdict under the same rules, so the frames of one conversation in a burst are checked once.
class AdmittedIpv4 {
 public:
  static constexpr uint32_t kMinLength = 42;  // Ethernet, IPv4 and UDP headers

  bool matches(const uint8_t* frame, uint32_t len) const {
    if (!valid_ || len < kMinLength) return false;
    return ((word64(frame + 6) ^ w0_) | ((word64(frame + 14) & kMask14) ^ w1_) |
            ((word64(frame + 22) & kMask22) ^ w2_) | (word32(frame + 34) ^ w3_)) == 0;
  }

  // After admit_frame() admitted `frame`: remembers it if its verdict is decided by the
  // signature alone.
  void remember(const uint8_t* frame, uint32_t len) {
    valid_ = len >= kMinLength && frame[12] == 0x08 && frame[13] == 0x00 && frame[14] == 0x45;
    if (!valid_) return;
    w0_ = word64(frame + 6);
    w1_ = word64(frame + 14) & kMask14;
    w2_ = word64(frame + 22) & kMask22;
    w3_ = word32(frame + 34);
  }

 private:
  // Byte k of an 8-byte load is bits 8k..8k+7 (little endian): bytes 14 and 20-21 of the frame;
  // bytes 23 and 26-29.
  static constexpr uint64_t kMask14 = 0xffff0000000000ffULL;
  static constexpr uint64_t kMask22 = 0xffffffff0000ff00ULL;
  static_assert(std::endian::native == std::endian::little);

  static uint64_t word64(const uint8_t* p) {
    uint64_t w;
    std::memcpy(&w, p, sizeof(w));
    return w;
  }
  static uint32_t word32(const uint8_t* p) {
    uint32_t w;
    std::memcpy(&w, p, sizeof(w));
    return w;
  }

  bool valid_ = false;
  uint64_t w0_ = 0;
  uint64_t w1_ = 0;
  uint64_t w2_ = 0;
  uint32_t w3_ = 0;
};

}  // namespace nfv::dp
