#include "nfv/nfvd/guest_run_state.h"

#include <algorithm>

namespace nfv::nfvd {
namespace {

bool stopped(const std::string& state) { return state == "shut off" || state == "crashed"; }

bool has_step(const std::vector<reconcile::Step>& steps, const std::string& guest) {
  return std::any_of(steps.begin(), steps.end(), [&](const reconcile::Step& step) {
    return step.kind == reconcile::ObjectKind::kGuest && step.name == guest;
  });
}

}  // namespace

void add_guest_restarts(std::vector<reconcile::Step>& planned,
                        const reconcile::GuestStates& desired,
                        const reconcile::GuestStates& observed,
                        const std::map<std::string, guests::GuestRuntime>& runtimes) {
  std::vector<reconcile::Step> restarts;
  for (const auto& [name, wanted] : desired) {
    auto seen = observed.find(name);
    auto runtime = runtimes.find(name);
    if (seen == observed.end() || runtime == runtimes.end()) continue;
    if (!stopped(runtime->second.state) || has_step(planned, name)) continue;
    restarts.push_back({reconcile::Action::kChange, reconcile::ObjectKind::kGuest, name, wanted,
                        seen->second, kRunStateReason + runtime->second.state + " -> running"});
  }
  planned.insert(planned.end(), restarts.begin(), restarts.end());
}

}  // namespace nfv::nfvd
