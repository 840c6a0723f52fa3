#include "nfv/nfvd/step_router.h"

#include "nfv/reconcile/guest_reconcile.h"

namespace nfv::nfvd {

using reconcile::ObjectKind;
using reconcile::Step;

reconcile::Executor* StepRouter::pick(const Step& step) const {
  if (step.kind == ObjectKind::kVfs || step.kind == ObjectKind::kVf) return sriov_;
  if (reconcile::is_guest_step(step)) return guests_;
  return &switch_;
}

Status StepRouter::run(const Step& step) {
  reconcile::Executor* executor = pick(step);
  if (executor == nullptr) return make_error("{}: nothing here runs such a step", step_label(step));
  return executor->run(step);
}

Status StepRouter::undo(const Step& step) {
  reconcile::Executor* executor = pick(step);
  if (executor == nullptr)
    return make_error("{}: nothing here undoes such a step", step_label(step));
  return executor->undo(step);
}

}  // namespace nfv::nfvd
