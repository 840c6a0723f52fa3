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

// EtherTypes that open a VLAN header: 802.1Q C-tag, 802.1ad S-tag, and the pre-standard
// 0x9100 S-tag some equipment still sends.
inline constexpr uint16_t kTpidCustomer = 0x8100;
inline constexpr uint16_t kTpidService = 0x88a8;
inline constexpr uint16_t kTpidLegacyService = 0x9100;

inline bool is_vlan_tpid(uint16_t ether_type_be) {
  return ether_type_be == rte_cpu_to_be_16(kTpidCustomer) ||
         ether_type_be == rte_cpu_to_be_16(kTpidService) ||
         ether_type_be == rte_cpu_to_be_16(kTpidLegacyService);
}

enum class Verdict : uint8_t { kForward, kMalformed, kVlanNotAllowed, kVlanEncapsulation };

// The VLAN a received frame belongs to, and whether the port may send it at all.
struct Classification {
  uint16_t vlan = 0;
  Verdict verdict = Verdict::kForward;
  bool tagged = false;   // the frame (still) carries its VLAN's 802.1Q tag
  bool stacked = false;  // a second tag follows (QinQ accepted as payload): never untag it
};

inline uint16_t untagged_vlan(const PortRuntime& in) {
  return in.vlan_mode == VlanMode::kAccess ? in.access_vlan : in.native_vlan;
}

// Classifies a frame received on `in`. Every encapsulation is decided on purpose, so a frame
// can only ever be forwarded in the VLAN it is classified into:
//  - no VLAN header: the port's untagged VLAN (access VLAN, or the trunk's native VLAN);
//  - an S-tag (0x88a8, 0x9100) first: vlan_encapsulation (this is a customer-VLAN bridge);
//  - a priority tag (802.1Q VID 0): removed, the frame is untagged, unless another VLAN header
//    follows (vlan_encapsulation: the classic way of hiding a tag from a switch);
//  - an 802.1Q tag: vlan_not_allowed on an access port or for a VID the trunk does not carry;
//    another VLAN header after it (QinQ): vlan_encapsulation unless the trunk accepts QinQ.
// Runts and multicast sources are malformed.
inline Classification classify_frame(const PortRuntime& in, rte_mbuf* m) {
  Classification c;
  if (m->data_len < kEthHeaderLen) return {0, Verdict::kMalformed};
  auto* eth = rte_pktmbuf_mtod(m, rte_ether_hdr*);
  if (is_multicast(eth->src_addr.addr_bytes)) return {0, Verdict::kMalformed};
  if (!is_vlan_tpid(eth->ether_type)) {
    c.vlan = untagged_vlan(in);
    return c;
  }
  if (eth->ether_type != rte_cpu_to_be_16(kTpidCustomer)) return {0, Verdict::kVlanEncapsulation};
  if (m->data_len < kEthHeaderLen + kVlanHeaderLen) return {0, Verdict::kMalformed};
  auto* vlan_hdr = reinterpret_cast<rte_vlan_hdr*>(eth + 1);
  uint16_t vid = rte_be_to_cpu_16(vlan_hdr->vlan_tci) & 0x0fff;
  bool inner_tag = is_vlan_tpid(vlan_hdr->eth_proto);
  if (vid == 0) {  // priority-tagged: an untagged frame with a PCP
    if (inner_tag) return {0, Verdict::kVlanEncapsulation};
    uint8_t* data = rte_pktmbuf_mtod(m, uint8_t*);
    std::memmove(data + kVlanHeaderLen, data, 2 * RTE_ETHER_ADDR_LEN);
    rte_pktmbuf_adj(m, kVlanHeaderLen);
    c.vlan = untagged_vlan(in);
    return c;
  }
  if (in.vlan_mode == VlanMode::kAccess) {
    return {0, inner_tag ? Verdict::kVlanEncapsulation : Verdict::kVlanNotAllowed};
  }
  if (vid != in.native_vlan && !in.allowed->test(vid)) return {0, Verdict::kVlanNotAllowed};
  if (inner_tag && !in.accept_qinq) return {0, Verdict::kVlanEncapsulation};
  c.vlan = vid;
  c.tagged = true;
  c.stacked = inner_tag;
  return c;
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
