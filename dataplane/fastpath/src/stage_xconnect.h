// xconnect: every frame of a cross-connected port to its peer, untouched.
//   drop edges: no_destination (the peer is gone)
#pragma once

#include "burst.h"
#include "iteration.h"
#include "stage_transmit.h"

namespace nfv::dp {

inline void xconnect(Iteration& it, const PortRuntime& in, Burst& b, PortCounters& c) {
  if (!it.snapshot.ports[in.peer].present) {
    drop_all<Stage::kXconnect, DropReason::kNoDestination>(b.pkts, b.n, c);
    return;
  }
  c.forwarded += b.n;
  for (uint16_t i = 0; i < b.n; ++i) output(it, in.peer, b.pkts[i]);
}

}  // namespace nfv::dp
