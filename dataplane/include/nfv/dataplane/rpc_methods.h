// Binds every method of the control API to the Switch.
#pragma once

#include "nfv/dataplane/switch.h"
#include "nfv/rpc/dispatcher.h"

namespace nfv::dp {

// What nfv-switch answers to api.hello.
rpc::ServerIdentity switch_identity();
void register_switch_methods(rpc::Dispatcher& dispatcher, Switch& sw);

}  // namespace nfv::dp
