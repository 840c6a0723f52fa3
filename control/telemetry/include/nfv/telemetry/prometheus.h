// The Prometheus text exposition (format 0.0.4) of a TelemetrySample: counters with _total in
// base units, gauges for what nfvd computes, labels port, bridge, guest, pmd, numa_node,
// reason, verdict, queue, cpu; no free-text labels. Every family once, its series together,
// families in a fixed order and series in the sample's order. Reasons and verdicts take values
// from their closed lists only (drop_reasons.h and VF reasons; kVerdicts); an empty label
// value (bridge, guest, numa_node) means none or not known. Pure.
#pragma once

#include <string>

#include "nfv/api/telemetry_api.h"

namespace nfv::telemetry {

struct BuildInfo {
  std::string version;
};

std::string render_prometheus(const api::TelemetrySample& sample, const BuildInfo& build);

}  // namespace nfv::telemetry
