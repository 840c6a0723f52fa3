// classify: each frame's VLAN, from the input port's mode and the frame's own tags.
//   drop edges: malformed (runt, multicast source), vlan_not_allowed (a tag the port may not
//   send). Prefetches frame headers a few frames ahead for every later stage.
#pragma once

#include <rte_prefetch.h>

#include "burst.h"
#include "iteration.h"
#include "nfv/fastpath/packet.h"

namespace nfv::dp {

inline constexpr unsigned kPrefetchAhead = 3;

inline void classify(const PortRuntime& in, Burst& b, PortCounters& c) {
  uint16_t kept = 0;
  for (uint16_t i = 0; i < b.n; ++i) {
    if (i + kPrefetchAhead < b.n) rte_prefetch0(rte_pktmbuf_mtod(b.pkts[i + kPrefetchAhead], void*));
    rte_mbuf* m = b.pkts[i];
    bool tagged = false;
    uint16_t vlan = classify_frame(in, m, tagged);
    if (vlan == kFrameMalformed) {
      drop<Stage::kClassify, DropReason::kMalformed>(m, c);
      continue;
    }
    if (vlan == kVlanInvalid) {
      drop<Stage::kClassify, DropReason::kVlanNotAllowed>(m, c);
      continue;
    }
    b.pkts[kept] = m;
    b.vlan[kept] = vlan;
    b.tagged[kept] = tagged;
    ++kept;
  }
  b.n = kept;
}

}  // namespace nfv::dp
