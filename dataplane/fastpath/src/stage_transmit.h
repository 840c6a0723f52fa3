// transmit: frames buffered per output port (output()), sent in bursts when a buffer fills
// and at the end of every iteration (transmit_pending()). A port whose queue keeps accepting
// some frames is retried up to its budget; the rest are dropped. Never waits on a stuck peer.
// Frames the port cannot carry (longer than its MTU allows, chained towards a single-buffer
// device, asking for offloads it does not do) are dropped before the send, never truncated.
//   drop edges: port_down_tx (no link, no enabled queue, admin down), mtu_exceeded,
//   offload_unfinished, tx_queue_full
#pragma once

#include <rte_ethdev.h>
#include <rte_spinlock.h>

#include <algorithm>

#include "iteration.h"
#include "nfv/fastpath/pmd.h"
#include "nfv/vhost/burst.h"

namespace nfv::dp {

// Sends what the guest's ring takes, in chunks librte_vhost copies whole (it takes at most
// kMaxEnqueueBurst per call). Only a call after one that took less than it was offered (a
// full ring) is a retry; a call that takes nothing after a full ring ends the attempt.
inline uint16_t transmit_vhost(const PortRuntime& out, uint16_t pmd_id, rte_mbuf** pkts, uint16_t n,
                               uint16_t& retries) {
  uint16_t qp = out.tx_queue_pairs[pmd_id % out.n_tx_queue_pairs];
  uint16_t sent = 0;
  bool ring_was_full = false;
  while (sent < n) {
    if (ring_was_full) {
      if (retries >= out.tx_retries) break;
      ++retries;
    }
    uint16_t offered = std::min(static_cast<uint16_t>(n - sent), vhost::kMaxEnqueueBurst);
    uint16_t took = vhost::transmit_burst(out.vid, qp, pkts + sent, offered);
    if (took == 0 && ring_was_full) break;
    sent += took;
    ring_was_full = took < offered;
  }
  return sent;
}

inline uint16_t transmit_ethdev(const PortRuntime& out, uint16_t pmd_id, rte_mbuf** pkts,
                                uint16_t n, uint16_t& retries) {
  uint16_t queue = pmd_id % out.n_txq;
  if (out.txq_locks) rte_spinlock_lock(&out.txq_locks->locks[queue]);
  uint16_t sent = rte_eth_tx_burst(out.eth_port, queue, pkts, n);
  while (sent < n && retries < out.tx_retries) {
    uint16_t more = rte_eth_tx_burst(out.eth_port, queue, pkts + sent, n - sent);
    ++retries;
    if (more == 0) break;
    sent += more;
  }
  if (out.txq_locks) rte_spinlock_unlock(&out.txq_locks->locks[queue]);
  return sent;
}

inline bool fits_port(const PortRuntime& out, const rte_mbuf* m) {
  // Bitwise, not short-circuit: one well-predicted branch per frame.
  return (m->pkt_len <= out.max_frame_len) & (m->nb_segs <= out.max_segs) &
         ((m->ol_flags & out.unfinished_offloads) == 0);
}

// A chain for a single-buffer device, as one buffer: in place when this output holds the only
// reference; a flooded chain is shared with other outputs (every segment counted once per
// output), so it gets a linear copy and this output's reference is released. Null when it does
// not fit one buffer (or, rarely, no buffer is free for the copy).
inline rte_mbuf* linear(rte_mbuf* m) {
  if (rte_mbuf_refcnt_read(m) == 1) return rte_pktmbuf_linearize(m) == 0 ? m : nullptr;
  uint32_t room = rte_pktmbuf_data_room_size(m->pool) - uint32_t{RTE_PKTMBUF_HEADROOM};
  if (m->pkt_len > room) return nullptr;
  rte_mbuf* copy = rte_pktmbuf_copy(m, m->pool, 0, UINT32_MAX);
  if (copy == nullptr) return nullptr;
  rte_pktmbuf_free(m);
  return copy;
}

// The slow side of drop_unfit(): from `first` on, keeps what fits (a chain that fits in one
// buffer is made one), drops the rest with their reason; returns how many are kept.
inline uint16_t keep_fitting(const PortRuntime& out, rte_mbuf** pkts, uint16_t first, uint16_t n,
                             PortCounters& c) {
  uint16_t kept = first;
  for (uint16_t i = first; i < n; ++i) {
    rte_mbuf* m = pkts[i];
    if ((m->ol_flags & out.unfinished_offloads) != 0) {
      drop<Stage::kTransmit, DropReason::kOffloadUnfinished>(m, c);
    } else if (m->pkt_len > out.max_frame_len) {
      drop<Stage::kTransmit, DropReason::kMtuExceeded>(m, c);
    } else if (m->nb_segs <= out.max_segs) {
      pkts[kept++] = m;
    } else if (rte_mbuf* one = linear(m)) {
      pkts[kept++] = one;
    } else {
      drop<Stage::kTransmit, DropReason::kMtuExceeded>(m, c);
    }
  }
  return kept;
}

// Drops the frames `out` cannot carry, keeping the others in order; returns how many remain.
inline uint16_t drop_unfit(const PortRuntime& out, rte_mbuf** pkts, uint16_t n, PortCounters& c) {
  uint16_t i = 0;
  while (i < n && fits_port(out, pkts[i])) ++i;
  if (i == n) [[likely]]
    return n;
  return keep_fitting(out, pkts, i, n, c);
}

// Sends a port's buffered frames now.
inline void transmit(Iteration& it, uint16_t port) {
  TxBuffer& buffer = it.state.tx[port];
  uint16_t n = buffer.count;
  if (n == 0) return;
  buffer.count = 0;
  const PortRuntime& out = it.snapshot.ports[port];
  PortCounters& c = it.counters_of(port);
  c.tx_attempts += n;
  bool vhost = out.kind == PortKind::kVhost;
  if (!out.present || !out.admin_up || !out.link_up || (vhost && out.n_tx_queue_pairs == 0)) {
    drop_all<Stage::kTransmit, DropReason::kPortDownTx>(buffer.pkts, n, c);
    return;
  }
  n = drop_unfit(out, buffer.pkts, n, c);
  uint64_t bytes = 0;
  for (uint16_t i = 0; i < n; ++i) bytes += buffer.pkts[i]->pkt_len;
  uint16_t retries = 0;
  uint16_t sent;
  if (vhost) {
    sent = transmit_vhost(out, it.pmd_id, buffer.pkts, n, retries);
    for (uint16_t i = sent; i < n; ++i) bytes -= buffer.pkts[i]->pkt_len;
    rte_pktmbuf_free_bulk(buffer.pkts, n);  // librte_vhost copied what it took
  } else {
    sent = transmit_ethdev(out, it.pmd_id, buffer.pkts, n, retries);
    // Sent mbufs belong to the driver now; only the unsent ones may be touched.
    for (uint16_t i = sent; i < n; ++i) bytes -= buffer.pkts[i]->pkt_len;
    if (sent < n) rte_pktmbuf_free_bulk(buffer.pkts + sent, n - sent);
  }
  c.tx_packets += sent;
  c.tx_bytes += bytes;
  c.tx_retries += retries;
  drop_edge<Stage::kTransmit, DropReason::kTxQueueFull>(c) += n - sent;
}

// Buffers a frame for `port`; a full buffer is sent at once.
inline void output(Iteration& it, uint16_t port, rte_mbuf* m) {
  PmdState& st = it.state;
  TxBuffer& buffer = st.tx[port];
  // Listed once per iteration, however often a full buffer is sent in between: the pending
  // list can then never hold more than kMaxPorts entries.
  if (!buffer.listed) {
    buffer.listed = true;
    st.pending[st.n_pending++] = port;
  }
  buffer.pkts[buffer.count++] = m;
  if (buffer.count == kTxBufferSize) transmit(it, port);  // stays listed; count is 0 again
}

// Sends every buffer that holds frames: once per iteration, after the last poll.
inline void transmit_pending(Iteration& it) {
  PmdState& st = it.state;
  for (uint16_t i = 0; i < st.n_pending; ++i) {
    uint16_t port = st.pending[i];
    transmit(it, port);
    st.tx[port].listed = false;
  }
  st.n_pending = 0;
}

}  // namespace nfv::dp
