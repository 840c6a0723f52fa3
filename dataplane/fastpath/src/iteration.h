// What every stage sees during one PMD iteration: the snapshot it forwards with, the PMD's
// own state and counters. Built once per iteration on the stack; everything inline.
#pragma once

#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "nfv/fastpath/counters.h"
#include "nfv/fastpath/snapshot.h"
#include "nfv/fastpath/stages.h"
#include "pmd_state.h"

namespace nfv::dp {

struct Iteration {
  const Snapshot& snapshot;
  PmdState& state;
  PmdCounters& published;
  uint16_t pmd_id;
  rte_mempool* pool;  // mbufs for vhost receive and re-tagged flood copies
  rte_ring* learn_ring;
  uint64_t now = 0;  // TSC at the start of the current poll (rate limits read it, not rdtsc)

  // This iteration's counters of `port`, remembered for publication at its end.
  PortCounters& counters_of(uint16_t port) {
    if (!state.is_touched[port]) {
      state.is_touched[port] = true;
      state.touched[state.n_touched++] = port;
    }
    return state.working[port];
  }
};

// Counts `n` drops of `reason` in stage `S`; a reason that is not one of S's drop edges
// (stages.h) does not compile.
template <Stage S, DropReason R>
inline uint64_t& drop_edge(PortCounters& c) {
  static_assert(has_drop_edge(S, R), "not a drop edge of this stage: add it to kStages");
  return c.drop(R);
}

template <Stage S, DropReason R>
inline void drop(rte_mbuf* m, PortCounters& c) {
  rte_pktmbuf_free(m);
  ++drop_edge<S, R>(c);
}

template <Stage S, DropReason R>
inline void drop_all(rte_mbuf** pkts, uint16_t n, PortCounters& c) {
  rte_pktmbuf_free_bulk(pkts, n);
  drop_edge<S, R>(c) += n;
}

}  // namespace nfv::dp
