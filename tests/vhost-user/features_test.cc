// The virtio feature bits a port refuses to offer.
#include "nfv/vhost/features.h"

#include <gtest/gtest.h>

namespace nfv::vhost {
namespace {

constexpr uint64_t kMq = 1ULL << 22;  // VIRTIO_NET_F_MQ

TEST(Features, OneQueuePortsDoNotOfferMultiqueue) {
  FeatureChoice one_queue;
  one_queue.multiqueue = false;
  EXPECT_NE(disabled_features(one_queue) & kMq, 0u);
  EXPECT_EQ(disabled_features(FeatureChoice{}) & kMq, 0u) << "offered by default (queues > 1)";
  EXPECT_TRUE(decode_features(kMq).mq);
}

TEST(Features, RefusedChoicesAreDisabled) {
  FeatureChoice none{false, false, false, false, false};
  uint64_t bits = disabled_features(none);
  EXPECT_TRUE(decode_features(bits).mergeable_rx);
  EXPECT_TRUE(decode_features(bits).indirect_desc);
  EXPECT_TRUE(decode_features(bits).packed_ring);
  EXPECT_EQ(bits & offload_feature_mask(), offload_feature_mask());
  EXPECT_EQ(disabled_features(FeatureChoice{true, true, true, true, true}), 0u);
}

}  // namespace
}  // namespace nfv::vhost
