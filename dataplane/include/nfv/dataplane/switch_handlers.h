// The control API's requests that need validation before they reach the switch: each
// handler turns wire parameters into a typed spec (pure) and calls the switch with it. The
// JSON-RPC binding (rpc_methods.h) and the command-line start-up config both use them.
#pragma once

#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"
#include "nfv/dataplane/port_policy.h"
#include "nfv/dataplane/switch.h"

namespace nfv::dp {

// A port asked for over the control socket must also pass the switch's PortPolicy; one on the
// command line (the operator's) need not.
Result<api::PortInfo> handle_port_add(Switch& sw, const api::PortAddParams& params,
                                      PortOrigin origin);
Result<api::BridgeInfo> handle_bridge_add(Switch& sw, const api::BridgeAddParams& params);

}  // namespace nfv::dp
