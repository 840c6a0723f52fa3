// Ethernet and 802.1Q handling for the fast path: classification of a received frame into
// a VLAN, FDB keys, and tag push/pop on an mbuf the caller owns exclusively.
#pragma once

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include <bit>
#include <cstdint>
#include <cstring>

#include "nfv/common/strings.h"
#include "nfv/fastpath/snapshot.h"

namespace nfv::dp {

inline constexpr uint16_t kEthHeaderLen = 14;
inline constexpr uint16_t kVlanHeaderLen = 4;
inline constexpr uint16_t kVlanInvalid = 0xffff;     // classify: VLAN not allowed
inline constexpr uint16_t kFrameMalformed = 0xfffe;  // classify: runt or bad source

// FDB key: VLAN in bits 48-59, the MAC's six octets (first octet least significant) below.
// Built in registers: assembling it in memory from a 4- and a 2-byte store and reloading it as
// 8 bytes stalls store-to-load forwarding (measured: a third of the bridge path's time).
static_assert(std::endian::native == std::endian::little, "FDB keys assume a little-endian CPU");
inline constexpr uint64_t kMacBits = (uint64_t{1} << 48) - 1;

inline uint64_t fdb_key(uint16_t vlan, const uint8_t* mac) {
  uint32_t low;
  uint16_t high;
  std::memcpy(&low, mac, 4);
  std::memcpy(&high, mac + 4, 2);
  return low | (static_cast<uint64_t>(high) << 32) | (static_cast<uint64_t>(vlan) << 48);
}

// The keys of a frame's destination and source, each one 8-byte load of the Ethernet header
// masked to 48 bits. The header must be complete (classify_frame checks 14 bytes).
inline uint64_t frame_dst_key(uint16_t vlan, const rte_ether_hdr* eth) {
  uint64_t word;
  std::memcpy(&word, eth, 8);  // destination, then the first 2 octets of the source
  return (word & kMacBits) | (static_cast<uint64_t>(vlan) << 48);
}
inline uint64_t frame_src_key(uint16_t vlan, const rte_ether_hdr* eth) {
  uint64_t word;
  std::memcpy(&word, reinterpret_cast<const uint8_t*>(eth) + 6, 8);  // source, then EtherType
  return (word & kMacBits) | (static_cast<uint64_t>(vlan) << 48);
}

inline uint16_t fdb_key_vlan(uint64_t key) { return static_cast<uint16_t>(key >> 48); }
inline MacAddress fdb_key_mac(uint64_t key) {
  MacAddress mac{};
  std::memcpy(mac.data(), &key, 6);
  return mac;
}

inline bool is_multicast(const uint8_t* mac) { return (mac[0] & 1) != 0; }

// Classifies a frame received on `in`: returns its VLAN, kVlanInvalid or kFrameMalformed.
// A priority tag (VID 0) is removed so a tagged frame always carries its VLAN's VID.
// `tagged` tells whether the frame (still) carries an 802.1Q tag.
inline uint16_t classify_frame(const PortRuntime& in, rte_mbuf* m, bool& tagged) {
  if (m->data_len < kEthHeaderLen) return kFrameMalformed;
  auto* eth = rte_pktmbuf_mtod(m, rte_ether_hdr*);
  if (is_multicast(eth->src_addr.addr_bytes)) return kFrameMalformed;
  if (eth->ether_type != rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN)) {
    tagged = false;
    return in.vlan_mode == VlanMode::kAccess ? in.access_vlan : in.native_vlan;
  }
  if (m->data_len < kEthHeaderLen + kVlanHeaderLen) return kFrameMalformed;
  auto* vlan_hdr = reinterpret_cast<rte_vlan_hdr*>(eth + 1);
  uint16_t vid = rte_be_to_cpu_16(vlan_hdr->vlan_tci) & 0x0fff;
  if (vid == 0) {  // priority-tagged: an untagged frame with a PCP
    uint8_t* data = rte_pktmbuf_mtod(m, uint8_t*);
    std::memmove(data + kVlanHeaderLen, data, 2 * RTE_ETHER_ADDR_LEN);
    rte_pktmbuf_adj(m, kVlanHeaderLen);
    tagged = false;
    return in.vlan_mode == VlanMode::kAccess ? in.access_vlan : in.native_vlan;
  }
  tagged = true;
  if (in.vlan_mode == VlanMode::kAccess) return kVlanInvalid;
  if (vid != in.native_vlan && !in.allowed->test(vid)) return kVlanInvalid;
  return vid;
}

inline void vlan_pop(rte_mbuf* m) {
  uint8_t* data = rte_pktmbuf_mtod(m, uint8_t*);
  std::memmove(data + kVlanHeaderLen, data, 2 * RTE_ETHER_ADDR_LEN);
  rte_pktmbuf_adj(m, kVlanHeaderLen);
}

// Returns false when the mbuf has no headroom left (the frame is then dropped).
inline bool vlan_push(rte_mbuf* m, uint16_t vlan) {
  auto* data = reinterpret_cast<uint8_t*>(rte_pktmbuf_prepend(m, kVlanHeaderLen));
  if (data == nullptr) return false;
  std::memmove(data, data + kVlanHeaderLen, 2 * RTE_ETHER_ADDR_LEN);
  data[12] = 0x81;
  data[13] = 0x00;
  data[14] = static_cast<uint8_t>(vlan >> 8);
  data[15] = static_cast<uint8_t>(vlan & 0xff);
  return true;
}

// Brings a frame of `vlan` into the encapsulation an output port wants.
inline bool set_encapsulation(rte_mbuf* m, bool tagged_now, bool want_tagged, uint16_t vlan) {
  if (tagged_now == want_tagged) return true;
  if (tagged_now) {
    vlan_pop(m);
    return true;
  }
  return vlan_push(m, vlan);
}

}  // namespace nfv::dp
