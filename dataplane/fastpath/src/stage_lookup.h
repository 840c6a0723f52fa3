// lookup: every frame's source and destination MAC in the bridge's table, in one bulk
// lookup; consecutive frames of one conversation share their keys, so each is looked up
// once. Multicast destinations are not looked up (they flood).
//   drop edges: none
#pragma once

#include <rte_hash.h>

#include "burst.h"
#include "nfv/fastpath/packet.h"
#include "nfv/fastpath/snapshot.h"

namespace nfv::dp {

inline void lookup(const BridgeRuntime& bridge, Burst& b) {
  uint64_t last_src = ~0ULL;
  uint64_t last_dst = ~0ULL;
  uint8_t last_src_key = kNoKey;
  uint8_t last_dst_key = kNoKey;
  uint8_t n_keys = 0;
  for (uint16_t i = 0; i < b.n; ++i) {
    const auto* eth = rte_pktmbuf_mtod(b.pkts[i], const rte_ether_hdr*);
    uint64_t src = frame_src_key(b.vlan[i], eth);
    if (src != last_src) {
      b.keys[n_keys] = src;
      b.key_ptrs[n_keys] = &b.keys[n_keys];
      last_src = src;
      last_src_key = n_keys++;
    }
    b.src_key[i] = last_src_key;
    if (is_multicast(eth->dst_addr.addr_bytes)) {
      b.dst_key[i] = kNoKey;
      continue;
    }
    uint64_t dst = frame_dst_key(b.vlan[i], eth);
    if (dst != last_dst) {
      b.keys[n_keys] = dst;
      b.key_ptrs[n_keys] = &b.keys[n_keys];
      last_dst = dst;
      last_dst_key = n_keys++;
    }
    b.dst_key[i] = last_dst_key;
  }
  b.n_keys = n_keys;
  b.hits = 0;
  if (n_keys > 0) {
    rte_hash_lookup_bulk_data(bridge.mac_table.hash, b.key_ptrs, n_keys, &b.hits, b.found);
  }
}

}  // namespace nfv::dp
