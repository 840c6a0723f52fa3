#include "nfv/telemetry/history.h"

namespace nfv::telemetry {

void History::add(api::TelemetrySample sample) {
  double now = sample.time_s;
  samples_.push_back(std::move(sample));
  while (samples_.size() > 1 && samples_.front().time_s < now - keep_s_) samples_.pop_front();
}

std::vector<api::TelemetrySample> History::last(double seconds) const {
  std::vector<api::TelemetrySample> out;
  if (samples_.empty()) return out;
  double since = samples_.back().time_s - seconds;
  for (const auto& sample : samples_) {
    if (sample.time_s > since) out.push_back(sample);
  }
  if (out.empty()) out.push_back(samples_.back());
  return out;
}

}  // namespace nfv::telemetry
