// classify: each frame's VLAN, from the input port's mode and the frame's own tags.
//   drop edges: malformed (runt, multicast source), vlan_not_allowed (a tag the port may not
//   send), vlan_encapsulation (stacked tags or an S-tag the port does not accept).
// Prefetches frame headers a few frames ahead for every later stage.
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
    if (i + kPrefetchAhead < b.n)
      rte_prefetch0(rte_pktmbuf_mtod(b.pkts[i + kPrefetchAhead], void*));
    rte_mbuf* m = b.pkts[i];
    Classification k = classify_frame(in, m);
    switch (k.verdict) {
      case Verdict::kForward:
        b.pkts[kept] = m;
        b.vlan[kept] = k.vlan;
        b.tagged[kept] = k.tagged;
        b.stacked[kept] = k.stacked;
        ++kept;
        break;
      case Verdict::kMalformed:
        drop<Stage::kClassify, DropReason::kMalformed>(m, c);
        break;
      case Verdict::kVlanNotAllowed:
        drop<Stage::kClassify, DropReason::kVlanNotAllowed>(m, c);
        break;
      case Verdict::kVlanEncapsulation:
        drop<Stage::kClassify, DropReason::kVlanEncapsulation>(m, c);
        break;
    }
  }
  b.n = kept;
}

}  // namespace nfv::dp
