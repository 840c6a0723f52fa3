// The samples of the last few minutes, oldest first, bounded by age. Not thread-safe: the
// sampler guards it.
#pragma once

#include <deque>

#include "nfv/api/telemetry_api.h"

namespace nfv::telemetry {

class History {
 public:
  explicit History(double keep_s) : keep_s_(keep_s) {}

  // Appends and drops the samples older than keep_s before it.
  void add(api::TelemetrySample sample);
  // The samples of the last `seconds` (at least the newest one when any).
  std::vector<api::TelemetrySample> last(double seconds) const;
  const api::TelemetrySample* newest() const {
    return samples_.empty() ? nullptr : &samples_.back();
  }
  size_t size() const { return samples_.size(); }
  double keep_s() const { return keep_s_; }

 private:
  double keep_s_;
  std::deque<api::TelemetrySample> samples_;
};

}  // namespace nfv::telemetry
