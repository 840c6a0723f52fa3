// A model switch brought to a desired state through reconcile and apply, as nfvd would.
#pragma once

#include <gtest/gtest.h>

#include "nfv/reconcile/apply.h"
#include "nfv/reconcile/reconcile.h"
#include "switch_model.h"

namespace nfv::reconcile::testing {

// Applies reconcile(desired, model) to `model`; the error of a failed apply, if any.
inline Status converge(SwitchModel& model, const SwitchState& desired, const Ownership& owned) {
  Plan plan = reconcile(desired, model.state(), owned);
  ModelExecutor executor(model);
  return apply_steps(plan.steps, executor).status();
}

}  // namespace nfv::reconcile::testing
