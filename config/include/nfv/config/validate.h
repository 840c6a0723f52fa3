// Checks of a config's objects against each other, run after parsing and before nfvd touches
// anything: unique names, every reference resolved, a port attached once, static MACs on their
// bridge's ports and VLANs, VF settings within their PF's VF count, no MAC claimed twice.
// Host-dependent checks (CPUs, hugepages, devices) are pre-flight's, not these.
#pragma once

#include "nfv/common/result.h"
#include "nfv/config/config.h"

namespace nfv::config {

// The first problem, located with config.error_at ("file:line:column: path: message").
Status validate_config(const ApplianceConfig& config);

}  // namespace nfv::config
