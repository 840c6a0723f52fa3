#include "nfv/telemetry/derive.h"

namespace nfv::telemetry {

api::TelemetrySample derive_sample(const RawSample*, const RawSample& current,
                                   const api::TelemetrySample*, const AttributionThresholds&) {
  api::TelemetrySample sample;
  sample.time_s = current.time_s;
  return sample;
}

}  // namespace nfv::telemetry
