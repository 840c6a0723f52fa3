// Binds every method of the control API to the Switch.
#pragma once

#include "nfv/dataplane/rpc_dispatcher.h"
#include "nfv/dataplane/switch.h"

namespace nfv::dp {

void register_switch_methods(RpcDispatcher& dispatcher, Switch& sw);

}  // namespace nfv::dp
