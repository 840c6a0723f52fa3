// Service::check_drift: the plan of re-applying the desired state, read as drift (drift.h).
#include "nfv/nfvd/drift.h"
#include "nfv/nfvd/guest_host.h"
#include "nfv/nfvd/service.h"

namespace nfv::nfvd {

api::NfvdDrift Service::check_drift() {
  if (!persistent_.has_config()) return {};  // nothing desired: nothing can drift from it
  api::NfvdConfigParams params{persistent_.config_text, persistent_.config_path};
  auto change = plan_change(params);
  if (!change) return drift_unreadable(change.error().message, utc_now());
  reconcile::Plan plan = std::move(change->plan);
  // Without a guest manager nfvd never made guests: their absence is no drift.
  if (!options_.guests) plan.steps = without_guest_steps(plan.steps).runnable;
  return drift_of(plan, utc_now());
}

}  // namespace nfv::nfvd
