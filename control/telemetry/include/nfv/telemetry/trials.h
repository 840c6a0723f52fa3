// Trial windows for benchmarkers: the switch's counters at a start marker and at a stop marker,
// and the exact per-port difference. Pure; the caller reads the counters at the instants.
#pragma once

#include <map>
#include <string>

#include "nfv/api/switch_api.h"
#include "nfv/api/telemetry_api.h"
#include "nfv/common/result.h"

namespace nfv::telemetry {

class Trials {
 public:
  static constexpr size_t kMaxOpen = 64;  // a client that never stops its trials is bounded

  // `name` "" gets "trial-<n>". A name already open, or too many open, is an error.
  Result<std::string> start(std::string name, api::StatsResult counters);
  // The window's counts; the trial is closed. An unknown name is an error listing the open.
  Result<api::TrialResult> stop(const std::string& name, const api::StatsResult& counters);
  size_t open() const { return open_.size(); }

 private:
  std::map<std::string, api::StatsResult> open_;
  uint64_t next_ = 1;
};

// Per port (present in both), `after` minus `before`; a port whose counters went backwards
// was re-created in between and counts from zero.
api::TrialResult trial_counts(const std::string& name, const api::StatsResult& before,
                              const api::StatsResult& after);

}  // namespace nfv::telemetry
