#include "nfv/vhost/features.h"

namespace nfv::vhost {
namespace {

// Feature bit numbers from the virtio 1.1 specification (the kernel's uapi headers do not
// compile as C++).
constexpr unsigned VIRTIO_NET_F_CSUM = 0;
constexpr unsigned VIRTIO_NET_F_MTU = 3;
constexpr unsigned VIRTIO_NET_F_HOST_TSO4 = 11;
constexpr unsigned VIRTIO_NET_F_HOST_TSO6 = 12;
constexpr unsigned VIRTIO_NET_F_HOST_ECN = 13;
constexpr unsigned VIRTIO_NET_F_HOST_UFO = 14;
constexpr unsigned VIRTIO_NET_F_MRG_RXBUF = 15;
constexpr unsigned VIRTIO_NET_F_MQ = 22;
constexpr unsigned VIRTIO_RING_F_INDIRECT_DESC = 28;
constexpr unsigned VIRTIO_RING_F_EVENT_IDX = 29;
constexpr unsigned kRingPacked = 34;
constexpr unsigned kInOrder = 35;

constexpr bool has(uint64_t bits, unsigned bit) { return (bits >> bit) & 1ULL; }

}  // namespace

NegotiatedFeatures decode_features(uint64_t bits) {
  NegotiatedFeatures f;
  f.bits = bits;
  f.mergeable_rx = has(bits, VIRTIO_NET_F_MRG_RXBUF);
  f.indirect_desc = has(bits, VIRTIO_RING_F_INDIRECT_DESC);
  f.event_idx = has(bits, VIRTIO_RING_F_EVENT_IDX);
  f.packed_ring = has(bits, kRingPacked);
  f.in_order = has(bits, kInOrder);
  f.csum_offload = has(bits, VIRTIO_NET_F_CSUM);
  f.tso = has(bits, VIRTIO_NET_F_HOST_TSO4) || has(bits, VIRTIO_NET_F_HOST_TSO6);
  f.mq = has(bits, VIRTIO_NET_F_MQ);
  f.mtu = has(bits, VIRTIO_NET_F_MTU);
  return f;
}

uint64_t offload_feature_mask() {
  return (1ULL << VIRTIO_NET_F_CSUM) | (1ULL << VIRTIO_NET_F_HOST_TSO4) |
         (1ULL << VIRTIO_NET_F_HOST_TSO6) | (1ULL << VIRTIO_NET_F_HOST_ECN) |
         (1ULL << VIRTIO_NET_F_HOST_UFO);
}

uint64_t disabled_features(const FeatureChoice& choice) {
  uint64_t bits = 0;
  if (!choice.mergeable_rx) bits |= 1ULL << VIRTIO_NET_F_MRG_RXBUF;
  if (!choice.indirect_desc) bits |= 1ULL << VIRTIO_RING_F_INDIRECT_DESC;
  if (!choice.packed_ring) bits |= 1ULL << kRingPacked;
  if (!choice.offloads) bits |= offload_feature_mask();
  if (!choice.multiqueue) bits |= 1ULL << VIRTIO_NET_F_MQ;
  return bits;
}

}  // namespace nfv::vhost
