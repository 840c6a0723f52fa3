#include "nfv/traffic/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace nfv::traffic {
namespace {
constexpr uint64_t kSubBuckets = uint64_t{1} << LatencyHistogram::kSubBucketBits;
}

size_t LatencyHistogram::bucket_of(uint64_t value) {
  if (value < 2 * kSubBuckets) return value;
  unsigned msb = 63U - static_cast<unsigned>(__builtin_clzll(value));
  unsigned shift = msb - kSubBucketBits;
  // (value >> shift) is in [32, 64): the top bits select the linear sub-bucket.
  return shift * kSubBuckets + (value >> shift);
}

uint64_t LatencyHistogram::bucket_low(size_t bucket) {
  if (bucket < 2 * kSubBuckets) return bucket;
  uint64_t shift = bucket / kSubBuckets - 1;
  uint64_t mantissa = bucket % kSubBuckets + kSubBuckets;
  return mantissa << shift;
}

uint64_t LatencyHistogram::bucket_high(size_t bucket) {
  if (bucket < 2 * kSubBuckets) return bucket;
  uint64_t shift = bucket / kSubBuckets - 1;
  return bucket_low(bucket) + ((uint64_t{1} << shift) - 1);
}

void LatencyHistogram::record(uint64_t value) {
  ++buckets_[bucket_of(value)];
  ++count_;
  sum_ += value;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

uint64_t LatencyHistogram::percentile(double percent) const {
  if (count_ == 0) return 0;
  double wanted = std::ceil(std::clamp(percent, 0.0, 100.0) / 100.0 * static_cast<double>(count_));
  uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(wanted));
  uint64_t seen = 0;
  for (size_t i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      // Report the middle of the bucket, kept inside what was actually measured.
      uint64_t middle = bucket_low(i) + (bucket_high(i) - bucket_low(i)) / 2;
      return std::clamp(middle, min_, max_);
    }
  }
  return max_;
}

}  // namespace nfv::traffic
