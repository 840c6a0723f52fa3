// The PMD's late-poll buckets: a gap lands in the bucket of the largest bound it reaches.
#include <gtest/gtest.h>

#include "nfv/fastpath/counters.h"

namespace nfv::dp {
namespace {

TEST(LatePolls, AGapLandsInTheBucketOfTheLargestBoundItReaches) {
  EXPECT_EQ(late_poll_bucket(64), 0u);
  EXPECT_EQ(late_poll_bucket(127), 0u);
  EXPECT_EQ(late_poll_bucket(128), 1u);
  EXPECT_EQ(late_poll_bucket(191), 1u);
  EXPECT_EQ(late_poll_bucket(192), 2u);
  EXPECT_EQ(late_poll_bucket(255), 2u);
  EXPECT_EQ(late_poll_bucket(256), 3u);
  EXPECT_EQ(late_poll_bucket(2047), kLatePollBuckets - 2);
  EXPECT_EQ(late_poll_bucket(2048), kLatePollBuckets - 1);
  EXPECT_EQ(late_poll_bucket(10'000'000), kLatePollBuckets - 1);
}

}  // namespace
}  // namespace nfv::dp
