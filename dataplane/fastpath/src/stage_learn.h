// learn: one decision per distinct source MAC. A MAC known on this port (or static) is
// marked active for ageing; a new MAC, or one known on another port (a move), goes to the
// MAC table's writer through this PMD's learn ring. PMDs never write the table themselves.
//   drop edges: none (requests the ring cannot take are counted in learn_queue_full)
#pragma once

#include "burst.h"
#include "iteration.h"

namespace nfv::dp {

inline void send_learn_requests(Iteration& it) {
  PmdState& st = it.state;
  unsigned queued = rte_ring_sp_enqueue_burst_elem(it.learn_ring, st.learn.data(),
                                                   sizeof(LearnRequest), st.n_learn, nullptr);
  if (queued < st.n_learn) publish_add(it.published.totals.learn_queue_full, st.n_learn - queued);
  st.n_learn = 0;
}

inline void learn(Iteration& it, const PortRuntime& in, const BridgeRuntime& bridge,
                  const Burst& b) {
  PmdState& st = it.state;
  uint8_t last = kNoKey;
  for (uint16_t i = 0; i < b.n; ++i) {
    uint8_t k = b.src_key[i];
    if (k == last) continue;
    last = k;
    if (b.key_found(k)) {
      const void* word = b.found[k];
      if (FdbWord::port(word) == in.index || FdbWord::is_static(word)) {
        bridge.mac_table.mark_active(word);
        continue;
      }
    }
    if (st.n_learn < kBurstSize) {
      st.learn[st.n_learn++] = LearnRequest{b.keys[k], in.index, in.bridge, 0};
    }
  }
  if (st.n_learn > 0) send_learn_requests(it);
}

}  // namespace nfv::dp
