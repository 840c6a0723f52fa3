// A TelemetrySample from two raw samples: rates over the interval, loss ratios, the verdict of
// each port and guest, PMD load and MAC table use. Pure.
#pragma once

#include "nfv/api/telemetry_api.h"
#include "nfv/telemetry/attribution.h"
#include "nfv/telemetry/raw_sample.h"

namespace nfv::telemetry {

// `previous`: the raw sample before (nullptr for the first: totals only, no rates).
// `previous_derived`: the sample derived before, whose lost_by_verdict totals carry on.
api::TelemetrySample derive_sample(const RawSample* previous, const RawSample& current,
                                   const api::TelemetrySample* previous_derived,
                                   const AttributionThresholds& thresholds = {});

}  // namespace nfv::telemetry
