// receive: one burst from one rx queue into `b`, counted on the input port.
//   drop edges: port_down_rx (admin down), no_destination (in no bridge or cross-connect)
#pragma once

#include <rte_ethdev.h>

#include "burst.h"
#include "iteration.h"
#include "nfv/vhost/burst.h"

namespace nfv::dp {

// Returns the frames received; b.n is what the port may forward (0 when all were dropped).
inline uint16_t receive(Iteration& it, const RxqRef& rxq, Burst& b) {
  const PortRuntime& in = it.snapshot.ports[rxq.port];
  uint16_t n;
  if (in.kind == PortKind::kVhost) {
    if (in.vid < 0) return 0;
    n = vhost::receive_burst(in.vid, rxq.queue, it.pool, b.pkts, kBurstSize);
  } else {
    n = rte_eth_rx_burst(in.eth_port, rxq.queue, b.pkts, kBurstSize);
  }
  b.n = n;
  if (n == 0) return 0;
  PortCounters& c = it.counters_of(in.index);
  uint64_t bytes = 0;
  for (uint16_t i = 0; i < n; ++i) bytes += b.pkts[i]->pkt_len;
  c.rx_packets += n;
  c.rx_bytes += bytes;
  publish_add(it.published.rxq_packets[rxq.port][rxq.queue], n);

  if (!in.admin_up) {
    drop_all<Stage::kReceive, DropReason::kPortDownRx>(b.pkts, n, c);
    b.n = 0;
  } else if (in.attachment == Attachment::kNone) {
    drop_all<Stage::kReceive, DropReason::kNoDestination>(b.pkts, n, c);
    b.n = 0;
  }
  return n;
}

}  // namespace nfv::dp
