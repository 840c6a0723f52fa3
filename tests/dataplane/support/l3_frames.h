// Frames with real L3 headers for port-security tests: IPv4/UDP, ARP, IPv6, ICMPv6 and
// neighbour discovery, built byte by byte (checksums left zero: the switch never reads them).
// Pure: usable without EAL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nfv::test {

using Bytes = std::vector<uint8_t>;

inline constexpr uint16_t kIpv4 = 0x0800;
inline constexpr uint16_t kArp = 0x0806;
inline constexpr uint16_t kIpv6 = 0x86dd;

// dst, src, optional 802.1Q tag, EtherType, payload.
Bytes ether(const std::string& dst, const std::string& src, uint16_t type, const Bytes& payload,
            std::optional<uint16_t> vlan = std::nullopt);
Bytes ipv4(const std::string& src, const std::string& dst, uint8_t protocol, const Bytes& payload);
// A UDP header and `payload` bytes.
Bytes udp(uint16_t source_port, uint16_t destination_port, size_t payload = 8);
// An Ethernet/IPv4 ARP packet (operation 1 request, 2 reply); target MAC zero.
Bytes arp(uint16_t operation, const std::string& sender_mac, const std::string& sender_ip,
          const std::string& target_ip);
Bytes ipv6(const std::string& src, const std::string& dst, uint8_t next, const Bytes& payload);
// An 8-byte hop-by-hop options header (PadN) in front of `payload`.
Bytes hop_by_hop(uint8_t next, const Bytes& payload);
// type, code 0, checksum 0, then `body`.
Bytes icmpv6(uint8_t type, const Bytes& body = Bytes(4, 0));
// Neighbour solicitation (135) or advertisement (136) of `target`, with a source (NS) or
// target (NA) link-layer address option when `link_mac` is given.
Bytes neighbour(uint8_t type, const std::string& target,
                std::optional<std::string> link_mac = std::nullopt);

}  // namespace nfv::test
