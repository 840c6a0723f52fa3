// The fast-path calls on a vhost-user device, named from the switch's side:
// receive = dequeue what the guest transmitted; transmit = enqueue into the guest's rx ring.
#pragma once

#include <rte_mbuf.h>
#include <rte_vhost.h>

#include <cstdint>

namespace nfv::vhost {

// librte_vhost 22.11 copies at most this many frames per enqueue call (its MAX_PKT_BURST) and
// silently ignores the rest of a larger burst: callers offer chunks of at most this size.
inline constexpr uint16_t kMaxEnqueueBurst = 32;

constexpr uint16_t guest_rx_vring(uint16_t queue_pair) { return queue_pair * 2; }
constexpr uint16_t guest_tx_vring(uint16_t queue_pair) { return queue_pair * 2 + 1; }
constexpr bool is_guest_tx_vring(uint16_t vring) { return (vring & 1) != 0; }
constexpr uint16_t queue_pair_of(uint16_t vring) { return vring / 2; }

inline uint16_t receive_burst(int vid, uint16_t queue_pair, rte_mempool* pool, rte_mbuf** pkts,
                              uint16_t count) {
  return rte_vhost_dequeue_burst(vid, guest_tx_vring(queue_pair), pool, pkts, count);
}

// Copies into guest buffers; the caller still owns (and frees) the mbufs. Takes at most
// kMaxEnqueueBurst of `count`, fewer when the guest's ring is full.
inline uint16_t transmit_burst(int vid, uint16_t queue_pair, rte_mbuf** pkts, uint16_t count) {
  return rte_vhost_enqueue_burst(vid, guest_rx_vring(queue_pair), pkts, count);
}

}  // namespace nfv::vhost
