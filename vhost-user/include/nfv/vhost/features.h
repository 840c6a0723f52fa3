// Negotiated virtio-net features, decoded for operators.
#pragma once

#include <cstdint>
#include <string>

namespace nfv::vhost {

struct NegotiatedFeatures {
  uint64_t bits = 0;
  bool mergeable_rx = false;
  bool indirect_desc = false;
  bool event_idx = false;
  bool packed_ring = false;
  bool in_order = false;
  bool csum_offload = false;  // guest sends partial checksums (VIRTIO_NET_F_CSUM)
  bool tso = false;           // host TSO4/6 (guest sends large segments)
  bool mq = false;
  bool mtu = false;
};

NegotiatedFeatures decode_features(uint64_t bits);

struct FeatureChoice {
  bool mergeable_rx = true;
  bool indirect_desc = true;
  bool packed_ring = true;
  bool offloads = false;
  // Offer VIRTIO_NET_F_MQ. Off for one-queue ports: librte_vhost 22.11 cannot cap the queue
  // pairs a guest uses, so without MQ the guest cannot use more than the one that is polled.
  bool multiqueue = true;
};
// The feature bits to disable on a socket for this choice.
uint64_t disabled_features(const FeatureChoice& choice);
// Feature bits the switch turns off unless offloads are requested: the switch does not
// finish checksums or segment packets, so guests must send complete frames.
uint64_t offload_feature_mask();

}  // namespace nfv::vhost
