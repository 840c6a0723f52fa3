// The immutable configuration PMDs forward with. The control side builds a new Snapshot for
// every change and publishes it (SnapshotPublisher); PMDs pick it up between bursts and the
// old one is freed after an RCU grace period. Nothing here is written after publication.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

#include "nfv/fastpath/limits.h"
#include "nfv/fastpath/mac_table_view.h"
#include "nfv/fastpath/port_security.h"
#include "nfv/fastpath/shared_rate.h"

namespace nfv::dp {

struct TxqLocks;

enum class PortKind : uint8_t { kEthdev, kVhost };
enum class Attachment : uint8_t { kNone, kBridge, kXconnect };
enum class VlanMode : uint8_t { kTrunk, kAccess };

class VlanSet {
 public:
  bool test(uint16_t vlan) const { return (words_[vlan >> 6] >> (vlan & 63)) & 1; }
  void set(uint16_t vlan) { words_[vlan >> 6] |= 1ULL << (vlan & 63); }
  void set_all() { words_.fill(~0ULL); }
  bool operator==(const VlanSet& other) const = default;

 private:
  std::array<uint64_t, kVlanCount / 64> words_{};
};

// Longest frame a port with `mtu` sends: the payload, an Ethernet header and one VLAN tag
// (the FCS is the device's).
constexpr uint32_t max_frame_len_for_mtu(uint32_t mtu) { return mtu + 14 + 4; }

struct alignas(64) PortRuntime {
  bool present = false;
  PortKind kind = PortKind::kEthdev;
  bool admin_up = true;
  bool link_up = false;  // ethdev: link state; vhost: device ready
  uint16_t index = 0;
  int16_t numa = -1;
  // What the port can carry; transmit drops the rest (mtu_exceeded, offload_unfinished).
  uint32_t max_frame_len = UINT32_MAX;  // MTU + Ethernet header + one VLAN tag
  uint16_t max_segs = UINT16_MAX;       // 1: the device sends single-buffer frames only
  uint64_t unfinished_offloads = 0;     // mbuf offload requests (ol_flags) it does not do
  // ethdev
  uint16_t eth_port = 0;
  uint16_t n_txq = 0;
  const TxqLocks* txq_locks = nullptr;  // non-null when PMDs share tx queues
  // vhost
  int vid = -1;
  uint16_t tx_retries = 0;
  uint8_t n_tx_queue_pairs = 0;  // guest rx queues enabled, in tx_queue_pairs[]
  std::array<uint8_t, kMaxQueuesPerPort> tx_queue_pairs{};
  // forwarding
  Attachment attachment = Attachment::kNone;
  uint16_t bridge = 0;      // Attachment::kBridge
  uint16_t peer = kNoPort;  // Attachment::kXconnect
  VlanMode vlan_mode = VlanMode::kTrunk;
  uint16_t access_vlan = 0;
  uint16_t native_vlan = 0;          // trunk: VLAN of untagged frames (0: the untagged domain)
  bool accept_qinq = false;          // trunk: stacked tags are payload of the outer VLAN
  const VlanSet* allowed = nullptr;  // trunk: tagged VLANs allowed
  const PortRates* rates = nullptr;  // policing and storm control; nullptr: none configured

  // Whether the port carries `vlan`, and whether frames of it leave tagged.
  bool member_of(uint16_t vlan) const {
    if (vlan_mode == VlanMode::kAccess) return vlan == access_vlan;
    return vlan == native_vlan || (vlan != 0 && allowed->test(vlan));
  }
  bool egress_tagged(uint16_t vlan) const {
    return vlan_mode == VlanMode::kTrunk && vlan != native_vlan;
  }

  // port security: anti-spoofing rules, nullptr when the port has none
  const PortSecurity* security = nullptr;
};

// Output ports of one (bridge, VLAN) flood domain; bit 15 set when frames leave tagged.
struct FloodList {
  static constexpr uint16_t kTaggedBit = 0x8000;
  std::vector<uint16_t> entries;
  bool operator==(const FloodList& other) const = default;
};

struct BridgeRuntime {
  static constexpr uint16_t kNoFloodList = 0xffff;
  bool present = false;
  MacTableView mac_table;  // owned by the FDB service; outlives every snapshot that names it
  std::array<uint16_t, kVlanCount> flood_list_of_vlan{};  // index into flood_lists
  std::vector<FloodList> flood_lists;
};

struct RxqRef {
  uint16_t port = 0;
  uint16_t queue = 0;
  bool operator==(const RxqRef& other) const = default;
};

struct PmdRuntime {
  std::vector<RxqRef> rxqs;
};

struct Snapshot {
  uint64_t generation = 0;
  std::array<PortRuntime, kMaxPorts> ports{};
  std::vector<BridgeRuntime> bridges;  // indexed by bridge slot
  std::vector<PmdRuntime> pmds;        // indexed by PMD id
  std::vector<VlanSet> vlan_sets;      // storage for PortRuntime::allowed
  std::vector<PortRates> port_rates;   // storage for PortRuntime::rates

  // storage for PortRuntime::security
  std::vector<PortSecurity> port_security;
};

// Where the current snapshot is published: stored by the control side (SnapshotPublisher),
// loaded by each PMD once per iteration (acquire).
using CurrentSnapshot = std::atomic<const Snapshot*>;

}  // namespace nfv::dp
