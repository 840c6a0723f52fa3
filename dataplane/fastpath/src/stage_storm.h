// storm: storm control, per port: the broadcast, multicast and unknown-unicast frames it may
// flood, each in frames per second for the port as a whole. Runs after lookup (an unknown
// unicast destination is a lookup miss) and learn (a frame dropped here still taught the
// bridge its source). The frames of a class beyond what its rate grants are dropped.
//   drop edges: storm_broadcast, storm_multicast, storm_unknown_unicast
#pragma once

#include "burst.h"
#include "iteration.h"
#include "nfv/fastpath/packet.h"
#include "nfv/fastpath/shared_rate.h"

namespace nfv::dp {

enum class FloodClass : uint8_t { kKnown, kBroadcast, kMulticast, kUnknownUnicast };

// From what lookup found (kNoKey: a multicast destination); only group destinations are read
// again, to tell broadcast from multicast.
inline FloodClass flood_class(const Burst& b, uint16_t i) {
  uint8_t k = b.dst_key[i];
  if (k == kNoKey) [[unlikely]] {
    const auto* eth = rte_pktmbuf_mtod(b.pkts[i], const rte_ether_hdr*);
    return rte_is_broadcast_ether_addr(&eth->dst_addr) ? FloodClass::kBroadcast
                                                       : FloodClass::kMulticast;
  }
  return ((b.hits >> k) & 1) != 0 ? FloodClass::kKnown : FloodClass::kUnknownUnicast;
}

// Whether every frame goes to a unicast MAC the table knows (then nothing is limited): one
// pass without branches over what lookup found.
inline bool all_known_unicast(const Burst& b) {
  uint64_t used = 0;
  bool group = false;
  for (uint16_t i = 0; i < b.n; ++i) {
    uint8_t k = b.dst_key[i];
    group |= k == kNoKey;
    used |= uint64_t{1} << (k & 63);
  }
  return !group && (used & ~b.hits) == 0;
}

inline void storm_control(const PortRates& rates, uint64_t now, Burst& b, PortCounters& c) {
  if (all_known_unicast(b)) [[likely]]
    return;
  FloodClass classes[kBurstSize];
  uint64_t asked[4] = {};
  for (uint16_t i = 0; i < b.n; ++i) {
    classes[i] = flood_class(b, i);
    ++asked[static_cast<int>(classes[i])];
  }
  uint64_t granted[4] = {asked[0], asked[1], asked[2], asked[3]};
  const RateLimit* limits[4] = {nullptr, &rates.broadcast, &rates.multicast,
                                &rates.unknown_unicast};
  for (int k = 1; k < 4; ++k) {
    if (asked[k] > 0 && limits[k]->enabled()) granted[k] = limits[k]->grant(asked[k], now);
  }
  uint16_t kept = 0;
  for (uint16_t i = 0; i < b.n; ++i) {
    auto k = static_cast<int>(classes[i]);
    if (granted[k] > 0) {
      --granted[k];
      b.move(i, kept++);
      continue;
    }
    switch (classes[i]) {
      case FloodClass::kBroadcast:
        drop<Stage::kStorm, DropReason::kStormBroadcast>(b.pkts[i], c);
        break;
      case FloodClass::kMulticast:
        drop<Stage::kStorm, DropReason::kStormMulticast>(b.pkts[i], c);
        break;
      default:
        drop<Stage::kStorm, DropReason::kStormUnknownUnicast>(b.pkts[i], c);
        break;
    }
  }
  b.n = kept;
}

}  // namespace nfv::dp
