// police: a port's ingress rate, in frames and in bits per second, for the port as a whole
// (shared by every PMD that polls it, see nfv/fastpath/shared_rate.h; each PMD spends from its
// own lease, nfv/fastpath/rate_lease.h). The frames beyond what the rate grants are dropped at the
// tail of the burst.
//   drop edges: policed
#pragma once

#include "burst.h"
#include "iteration.h"
#include "nfv/fastpath/rate_lease.h"
#include "nfv/fastpath/shared_rate.h"

namespace nfv::dp {

// Drops the frames of the burst from `allowed` on.
inline void finish_police(Burst& b, uint16_t allowed, PortCounters& c) {
  if (allowed < b.n) {
    drop_all<Stage::kPolice, DropReason::kPoliced>(b.pkts + allowed, b.n - allowed, c);
    b.n = allowed;
  }
}

inline void police(const PortRates& rates, PortLeases& leases, uint64_t now, Burst& b,
                   PortCounters& c) {
  uint16_t allowed = b.n;
  if (rates.packets.enabled()) {
    allowed = static_cast<uint16_t>(spend(leases.packets, rates.packets, b.n, now));
  }
  if (rates.bytes.enabled() && allowed > 0) {
    uint64_t asked = 0;
    for (uint16_t i = 0; i < allowed; ++i) asked += b.pkts[i]->pkt_len;
    uint64_t granted = spend(leases.bytes, rates.bytes, asked, now);
    if (granted == asked) [[likely]]
      return finish_police(b, allowed, c);
    uint64_t used = 0;
    uint16_t fit = 0;
    while (fit < allowed && used + b.pkts[fit]->pkt_len <= granted) used += b.pkts[fit++]->pkt_len;
    give_back(leases.bytes, granted - used);
    if (rates.packets.enabled()) give_back(leases.packets, allowed - fit);
    allowed = fit;
  }
  finish_police(b, allowed, c);
}

}  // namespace nfv::dp
