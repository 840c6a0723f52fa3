// reconcile's guest steps through a GuestManager; undo() from what the step's restore recorded.
#include "nfv/nfvd/guest_host.h"
#include "nfv/reconcile/guest_reconcile.h"

namespace nfv::nfvd {
namespace {

using reconcile::Action;
using reconcile::GuestState;
using reconcile::Step;

const GuestState* guest_in(const reconcile::ObjectSpec& spec) {
  return std::get_if<GuestState>(&spec);
}

Status not_a_guest_step(const Step& step) {
  return make_error("{}: not a guest step, or it lacks the guest", reconcile::step_label(step));
}

}  // namespace

Status GuestExecutor::run(const Step& step) {
  const GuestState* target = guest_in(step.target);
  const GuestState* restore = guest_in(step.restore);
  switch (step.action) {
    case Action::kCreate:
      if (target != nullptr) return manager_.create(*target);
      break;
    case Action::kChange:
      if (target != nullptr && restore != nullptr) return manager_.change(*restore, *target);
      break;
    case Action::kDelete:
      if (reconcile::is_guest_step(step)) return manager_.remove(step.name);
      break;
  }
  return not_a_guest_step(step);
}

Status GuestExecutor::undo(const Step& step) {
  const GuestState* target = guest_in(step.target);
  const GuestState* restore = guest_in(step.restore);
  switch (step.action) {
    case Action::kCreate:
      if (reconcile::is_guest_step(step)) return manager_.remove(step.name);
      break;
    case Action::kChange:
      if (target != nullptr && restore != nullptr) return manager_.change(*target, *restore);
      break;
    case Action::kDelete:
      if (restore != nullptr) return manager_.create(*restore);
      break;
  }
  return not_a_guest_step(step);
}

}  // namespace nfv::nfvd
