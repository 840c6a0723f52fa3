// One received burst on its way through the stages. Stages that drop frames compact
// `pkts` (and the per-frame arrays next to it) so later stages see only the frames still
// travelling. Lives on the PMD's stack: nothing here outlives one poll.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>

#include "nfv/fastpath/limits.h"

namespace nfv::dp {

inline constexpr uint8_t kNoKey = 0xff;

struct Burst {
  uint16_t n = 0;  // frames still travelling
  rte_mbuf* pkts[kBurstSize];

  // classify
  uint16_t vlan[kBurstSize];
  bool tagged[kBurstSize];   // the frame (still) carries an 802.1Q tag
  bool stacked[kBurstSize];  // QinQ accepted as payload: its outer tag is never removed

  // lookup: each frame's source and destination as indices into keys[] (consecutive frames
  // of one conversation share them); kNoKey for a multicast destination.
  uint8_t src_key[kBurstSize];
  uint8_t dst_key[kBurstSize];
  uint8_t n_keys = 0;
  uint64_t keys[2 * kBurstSize];
  const void* key_ptrs[2 * kBurstSize];
  uint64_t hits = 0;  // bit k set: keys[k] is in the MAC table, its word in found[k]
  void* found[2 * kBurstSize];

  bool key_found(uint8_t k) const { return k != kNoKey && ((hits >> k) & 1) != 0; }

  // Frame `from` becomes frame `to` (to <= from), with what earlier stages found for it.
  void move(uint16_t from, uint16_t to) {
    pkts[to] = pkts[from];
    vlan[to] = vlan[from];
    tagged[to] = tagged[from];
    stacked[to] = stacked[from];
    src_key[to] = src_key[from];
    dst_key[to] = dst_key[from];
  }
};

}  // namespace nfv::dp
