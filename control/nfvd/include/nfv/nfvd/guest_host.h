// nfvd's side of guests: the config's guests[] as desired state, the executor that runs
// reconcile's guest steps through a GuestManager, and what an apply without a manager reports
// instead of running them.
#pragma once

#include <vector>

#include "nfv/api/nfvd_api.h"
#include "nfv/config/config.h"
#include "nfv/guests/guest_manager.h"
#include "nfv/reconcile/apply.h"
#include "nfv/reconcile/guest_state.h"

namespace nfv::nfvd {

// guests[] as desired state, pure.
reconcile::GuestStates desired_guest_state(const config::ApplianceConfig& config);

// Runs guest steps through `manager`; undo() puts back what the step's restore recorded.
class GuestExecutor : public reconcile::Executor {
 public:
  explicit GuestExecutor(guests::GuestManager& manager) : manager_(manager) {}
  Status run(const reconcile::Step& step) override;
  Status undo(const reconcile::Step& step) override;

 private:
  guests::GuestManager& manager_;
};

// Without a guest manager: the steps an apply runs (all but the guests') and a warning for
// each guest step left out ("guest vm1: not created: no guest manager yet ...").
struct StepsWithoutGuests {
  std::vector<reconcile::Step> runnable;
  std::vector<api::PreflightFinding> warnings;
};
StepsWithoutGuests without_guest_steps(const std::vector<reconcile::Step>& steps);

}  // namespace nfv::nfvd
