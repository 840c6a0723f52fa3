// IPv4/UDP encapsulation of test frames: what a guest's IP stack would send, so that a switch
// port with anti-spoofing (which refuses other EtherTypes) can be measured and tested. The
// test header follows the UDP header; the UDP checksum is 0 (allowed over IPv4).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "nfv/traffic/frame.h"

namespace nfv::traffic {

inline constexpr uint16_t kIpv4EtherType = 0x0800;
inline constexpr size_t kIpv4HeaderSize = 20;
inline constexpr size_t kUdpHeaderSize = 8;
inline constexpr uint16_t kTestUdpPort = 0x88B5;  // both ports: the test EtherType's number

// Writes the IPv4 and UDP headers at `out` for `l3_length` bytes of IPv4 packet.
void write_ipv4_udp(uint8_t* out, const Ipv4Addresses& addresses, uint16_t l3_length);

// The offset from `l3` of the test header when `l3` (`length` bytes) is an IPv4/UDP packet to
// the test port; nullopt for any other packet.
std::optional<size_t> test_header_in_ipv4(const uint8_t* l3, size_t length);

}  // namespace nfv::traffic
