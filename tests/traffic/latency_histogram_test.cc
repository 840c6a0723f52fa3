#include "nfv/traffic/latency_histogram.h"

#include <gtest/gtest.h>

namespace nfv::traffic {
namespace {

TEST(LatencyHistogram, EmptyReportsZeros) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.percentile(50), 0u);
  EXPECT_EQ(h.mean(), 0.0);
}

TEST(LatencyHistogram, SmallValuesAreExact) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 60; ++v) h.record(v);
  EXPECT_EQ(h.percentile(50), 30u);
  EXPECT_EQ(h.percentile(99), 60u);
  EXPECT_EQ(h.percentile(100), 60u);
  EXPECT_EQ(h.percentile(0), 1u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_EQ(h.max(), 60u);
  EXPECT_DOUBLE_EQ(h.mean(), 30.5);
}

TEST(LatencyHistogram, LargeValuesAreWithinThreePercent) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 100000; ++v) h.record(v * 1000);  // 1 us .. 100 ms in ns
  auto near = [](uint64_t got, double want) {
    return std::abs(static_cast<double>(got) - want) <= want * 0.03;
  };
  EXPECT_TRUE(near(h.percentile(50), 50000000.0)) << h.percentile(50);
  EXPECT_TRUE(near(h.percentile(99), 99000000.0)) << h.percentile(99);
  EXPECT_TRUE(near(h.percentile(99.9), 99900000.0)) << h.percentile(99.9);
  EXPECT_EQ(h.max(), 100000000u);
  EXPECT_EQ(h.min(), 1000u);
}

TEST(LatencyHistogram, BucketsTileTheWholeRange) {
  size_t previous = 0;
  for (uint64_t v :
       std::initializer_list<uint64_t>{0, 1, 63, 64, 65, 1000, uint64_t{1} << 40, UINT64_MAX}) {
    size_t bucket = LatencyHistogram::bucket_of(v);
    EXPECT_LE(LatencyHistogram::bucket_low(bucket), v);
    EXPECT_GE(LatencyHistogram::bucket_high(bucket), v);
    EXPECT_GE(bucket, previous);
    previous = bucket;
  }
  for (size_t b = 0; b + 1 < LatencyHistogram::bucket_of(UINT64_MAX); ++b) {
    ASSERT_EQ(LatencyHistogram::bucket_high(b) + 1, LatencyHistogram::bucket_low(b + 1)) << b;
  }
}

TEST(LatencyHistogram, MergeAddsSamples) {
  LatencyHistogram a;
  LatencyHistogram b;
  a.record(10);
  b.record(1000);
  b.record(20);
  a.merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_EQ(a.min(), 10u);
  EXPECT_EQ(a.max(), 1000u);
  EXPECT_EQ(a.percentile(50), 20u);
}

}  // namespace
}  // namespace nfv::traffic
