// The switch control calls that run a step and that undo it, pure: the switch executor sends
// them, and tests feed them to a model of the switch.
#pragma once

#include <string>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/reconcile/step.h"

namespace nfv::reconcile {

struct WireCall {
  std::string method;  // "port.add"
  api::json params;
};

// In order. A bridge create is bridge.add then port.set for each re-attached member; a port
// create is port.add then, for a port wanted down, port.set admin=down.
std::vector<WireCall> run_calls(const Step& step);
// The calls that put back what run_calls() changed, in order.
std::vector<WireCall> undo_calls(const Step& step);

}  // namespace nfv::reconcile
