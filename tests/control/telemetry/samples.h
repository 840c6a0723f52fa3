// Telemetry samples for the exposition tests: a small one whose text is a golden file, and a
// rich one with every kind of series (vhost, dpdk and VF ports, several queues and PMDs,
// bridges, guests up and down, names that need escaping).
#pragma once

#include "nfv/api/telemetry_api.h"

namespace nfv::telemetry::testing {

api::TelemetrySample small_sample();
api::TelemetrySample rich_sample();

}  // namespace nfv::telemetry::testing
