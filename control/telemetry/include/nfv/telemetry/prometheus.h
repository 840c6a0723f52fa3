// The Prometheus text exposition (format 0.0.4) of a TelemetrySample: counters with _total in
// base units, gauges for what nfvd computes, labels port, bridge, guest, pmd, numa_node,
// reason, verdict, queue; no free-text labels. Pure.
#pragma once

#include <string>

#include "nfv/api/telemetry_api.h"

namespace nfv::telemetry {

struct BuildInfo {
  std::string version;
};

std::string render_prometheus(const api::TelemetrySample& sample, const BuildInfo& build);

}  // namespace nfv::telemetry
