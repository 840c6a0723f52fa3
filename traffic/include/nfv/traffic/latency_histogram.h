// Latency percentiles with bounded memory: a log-linear histogram (32 linear buckets per
// power of two, so any reported percentile is within ~3% of the true value; values below
// 64 are exact). Minimum, maximum and mean are exact.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace nfv::traffic {

class LatencyHistogram {
 public:
  void record(uint64_t value);
  void merge(const LatencyHistogram& other);

  uint64_t count() const { return count_; }
  uint64_t min() const { return count_ ? min_ : 0; }
  uint64_t max() const { return max_; }
  double mean() const {
    return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0;
  }
  // The value below which `percent` of the samples fall (0 when empty), e.g. 50, 99, 99.9.
  uint64_t percentile(double percent) const;

  static constexpr unsigned kSubBucketBits = 5;
  static size_t bucket_of(uint64_t value);
  // The smallest and largest value that land in `bucket`.
  static uint64_t bucket_low(size_t bucket);
  static uint64_t bucket_high(size_t bucket);

 private:
  static constexpr size_t kBuckets =
      (64 - kSubBucketBits) * (1U << kSubBucketBits) + (1U << kSubBucketBits);
  std::array<uint64_t, kBuckets> buckets_{};
  uint64_t count_ = 0;
  uint64_t sum_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
};

}  // namespace nfv::traffic
