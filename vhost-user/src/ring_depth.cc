#include "nfv/vhost/ring_depth.h"

#include <rte_vhost.h>

#include <algorithm>

#include "nfv/vhost/burst.h"

namespace nfv::vhost {

RingDepth guest_tx_ring_depth(int vid, uint16_t queue_pair, bool packed_ring) {
  RingDepth depth;
  if (vid < 0) return depth;
  uint16_t vring = guest_tx_vring(queue_pair);
  // A guest with fewer queue pairs than the port: librte_vhost would log an error per call.
  if (vring >= rte_vhost_get_vring_num(vid)) return depth;
  rte_vhost_vring ring{};
  if (rte_vhost_get_vhost_vring(vid, vring, &ring) != 0 || ring.desc == nullptr) return depth;
  depth.ring_size = ring.size;
  // rte_vhost_rx_queue_count takes the vring's access lock for a few loads; the PMD's dequeue
  // only try-locks it and polls again next round. Read a few times a second at most (stats),
  // this costs the fast path nothing measurable; never call it per packet.
  // On a packed ring it would read the driver event area as a split ring's index: skipped.
  // The count is the difference of two 16-bit ring indexes in 32 bits: it wraps to ~4e9 when
  // the guest's index has wrapped and the switch's not yet (and a guest may write any index).
  if (!packed_ring) {
    auto pending = static_cast<uint16_t>(rte_vhost_rx_queue_count(vid, vring));
    depth.pending = std::min<uint32_t>(pending, ring.size);
  }
  return depth;
}

}  // namespace nfv::vhost
