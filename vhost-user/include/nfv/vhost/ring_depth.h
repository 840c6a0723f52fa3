// How full a guest's transmit ring is, read on the control side at stats time: the frames the
// guest has queued that the switch has not taken yet, and the ring's size. Never per packet.
#pragma once

#include <cstdint>

namespace nfv::vhost {

struct RingDepth {
  uint32_t pending = 0;    // frames queued by the guest, not yet dequeued
  uint32_t ring_size = 0;  // descriptors; 0 when the ring is not set up
};

// The guest's transmit ring of `queue_pair` on running device `vid` (the caller keeps the
// device alive, e.g. by holding the lock its destroy callback takes). Zeros for a ring the
// guest has not set up. `packed_ring`: the negotiated layout; librte_vhost 22.11 counts
// pending frames of split rings only, so a packed ring reports its size and pending 0.
RingDepth guest_tx_ring_depth(int vid, uint16_t queue_pair, bool packed_ring);

}  // namespace nfv::vhost
