// One executor for a whole plan: each step goes to the executor of its domain (SR-IOV VFs,
// guests, else the switch), so that apply_steps rolls back across all of them in one order.
#pragma once

#include "nfv/reconcile/apply.h"

namespace nfv::nfvd {

class StepRouter : public reconcile::Executor {
 public:
  // `sriov` and `guests` may be null where a plan has no such steps; a step for one that is
  // missing fails with its name.
  StepRouter(reconcile::Executor& switch_steps, reconcile::Executor* sriov,
             reconcile::Executor* guests)
      : switch_(switch_steps), sriov_(sriov), guests_(guests) {}
  Status run(const reconcile::Step& step) override;
  Status undo(const reconcile::Step& step) override;

 private:
  reconcile::Executor* pick(const reconcile::Step& step) const;
  reconcile::Executor& switch_;
  reconcile::Executor* sriov_;
  reconcile::Executor* guests_;
};

}  // namespace nfv::nfvd
