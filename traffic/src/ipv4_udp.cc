#include "ipv4_udp.h"

#include <cstring>

#include "byte_order.h"

namespace nfv::traffic {
namespace {

constexpr uint8_t kVersionAndLength = 0x45;  // IPv4, 5 words of header (no options)
constexpr uint16_t kDontFragment = 0x4000;
constexpr uint8_t kTtl = 64;
constexpr uint8_t kProtoUdp = 17;

uint16_t header_checksum(const uint8_t* header) {
  uint32_t sum = 0;
  for (size_t i = 0; i < kIpv4HeaderSize; i += 2) sum += load_be<uint16_t>(header + i);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

}  // namespace

void write_ipv4_udp(uint8_t* out, const Ipv4Addresses& addresses, uint16_t l3_length) {
  std::memset(out, 0, kIpv4HeaderSize + kUdpHeaderSize);
  out[0] = kVersionAndLength;
  store_be<uint16_t>(out + 2, l3_length);
  store_be<uint16_t>(out + 6, kDontFragment);
  out[8] = kTtl;
  out[9] = kProtoUdp;
  std::memcpy(out + 12, addresses.src.data(), 4);
  std::memcpy(out + 16, addresses.dst.data(), 4);
  store_be<uint16_t>(out + 10, header_checksum(out));
  uint8_t* udp = out + kIpv4HeaderSize;
  store_be<uint16_t>(udp, kTestUdpPort);
  store_be<uint16_t>(udp + 2, kTestUdpPort);
  store_be<uint16_t>(udp + 4, static_cast<uint16_t>(l3_length - kIpv4HeaderSize));
}

std::optional<size_t> test_header_in_ipv4(const uint8_t* l3, size_t length) {
  if (length < kIpv4HeaderSize || (l3[0] >> 4) != 4 || l3[9] != kProtoUdp) return std::nullopt;
  size_t header = (l3[0] & 0x0fu) * 4u;
  if (header < kIpv4HeaderSize || header + kUdpHeaderSize > length) return std::nullopt;
  if (load_be<uint16_t>(l3 + header + 2) != kTestUdpPort) return std::nullopt;
  return header + kUdpHeaderSize;
}

}  // namespace nfv::traffic
