#include "l3_frames.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "nfv/common/strings.h"

namespace nfv::test {
namespace {

void put16(Bytes& out, uint16_t value) {
  out.push_back(static_cast<uint8_t>(value >> 8));
  out.push_back(static_cast<uint8_t>(value & 0xff));
}

void put_mac(Bytes& out, const std::string& text) {
  auto mac = parse_mac(text);
  EXPECT_TRUE(mac) << "not a MAC: " << text;
  MacAddress bytes = mac ? *mac : MacAddress{};
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void put_address(Bytes& out, int family, const std::string& text) {
  uint8_t bytes[16] = {};
  EXPECT_EQ(inet_pton(family, text.c_str(), bytes), 1) << "not an address: " << text;
  out.insert(out.end(), bytes, bytes + (family == AF_INET ? 4 : 16));
}

// Byte by byte: GCC 12 warns (array-bounds) about an inlined range insert after a short
// initializer list.
void append(Bytes& out, const Bytes& tail) {
  for (uint8_t byte : tail) out.push_back(byte);
}

}  // namespace

Bytes ether(const std::string& dst, const std::string& src, uint16_t type, const Bytes& payload,
            std::optional<uint16_t> vlan) {
  Bytes out;
  put_mac(out, dst);
  put_mac(out, src);
  if (vlan) {
    put16(out, 0x8100);
    put16(out, *vlan);
  }
  put16(out, type);
  append(out, payload);
  return out;
}

Bytes ipv4(const std::string& src, const std::string& dst, uint8_t protocol, const Bytes& payload) {
  Bytes out = {0x45, 0};
  put16(out, static_cast<uint16_t>(20 + payload.size()));
  put16(out, 1);  // identification
  put16(out, 0);  // flags, fragment offset
  out.push_back(64);
  out.push_back(protocol);
  put16(out, 0);  // checksum
  put_address(out, AF_INET, src);
  put_address(out, AF_INET, dst);
  append(out, payload);
  return out;
}

Bytes udp(uint16_t source_port, uint16_t destination_port, size_t payload) {
  Bytes out;
  put16(out, source_port);
  put16(out, destination_port);
  put16(out, static_cast<uint16_t>(8 + payload));
  put16(out, 0);
  for (size_t i = 0; i < payload; ++i) out.push_back(static_cast<uint8_t>(i));
  return out;
}

Bytes arp(uint16_t operation, const std::string& sender_mac, const std::string& sender_ip,
          const std::string& target_ip) {
  Bytes out;
  put16(out, 1);
  put16(out, 0x0800);
  out.push_back(6);
  out.push_back(4);
  put16(out, operation);
  put_mac(out, sender_mac);
  put_address(out, AF_INET, sender_ip);
  put_mac(out, "00:00:00:00:00:00");
  put_address(out, AF_INET, target_ip);
  return out;
}

Bytes ipv6(const std::string& src, const std::string& dst, uint8_t next, const Bytes& payload) {
  Bytes out = {0x60, 0, 0, 0};
  put16(out, static_cast<uint16_t>(payload.size()));
  out.push_back(next);
  out.push_back(255);
  put_address(out, AF_INET6, src);
  put_address(out, AF_INET6, dst);
  append(out, payload);
  return out;
}

Bytes hop_by_hop(uint8_t next, const Bytes& payload) {
  Bytes out = {next, 0, 1, 4, 0, 0, 0, 0};  // length 0 (8 bytes), PadN of 4
  append(out, payload);
  return out;
}

Bytes icmpv6(uint8_t type, const Bytes& body) {
  Bytes out = {type, 0, 0, 0};
  append(out, body);
  return out;
}

Bytes neighbour(uint8_t type, const std::string& target, std::optional<std::string> link_mac) {
  Bytes body = {type == 136 ? uint8_t{0x60} : uint8_t{0}, 0, 0, 0};  // NA: solicited, override
  put_address(body, AF_INET6, target);
  if (link_mac) {
    body.push_back(type == 136 ? 2 : 1);  // target / source link-layer address
    body.push_back(1);                    // 8 bytes
    put_mac(body, *link_mac);
  }
  return icmpv6(type, body);
}

}  // namespace nfv::test
