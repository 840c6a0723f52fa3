#include "nfv/telemetry/attribution.h"

#include "nfv/api/telemetry_api.h"

namespace nfv::telemetry {

Verdict attribute_loss(const LossEvidence&, const AttributionThresholds&) {
  return {api::kVerdictNone, ""};
}

std::string verdict_of_reason(const std::string&, const std::string&) { return api::kVerdictNone; }

}  // namespace nfv::telemetry
