// The observed state, read from a running nfv-switch (port.list, bridge.list, mac.list).
#pragma once

#include "nfv/api/switch_client.h"
#include "nfv/common/result.h"
#include "nfv/reconcile/state.h"

namespace nfv::reconcile {

Result<SwitchState> read_switch_state(api::SwitchClient& client);

}  // namespace nfv::reconcile
