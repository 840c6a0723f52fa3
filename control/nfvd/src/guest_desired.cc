// guests[] as reconcile's desired state, and the warnings of an apply without a guest manager.
#include <fmt/format.h>

#include "nfv/nfvd/guest_host.h"
#include "nfv/reconcile/guest_reconcile.h"

namespace nfv::nfvd {
namespace {

reconcile::GuestInterface interface_of(const config::InterfaceConfig& interface) {
  using Type = reconcile::GuestInterface::Type;
  if (interface.type == config::InterfaceType::kVhost) return {Type::kVhost, interface.name};
  return {Type::kVf, interface.pf};
}

std::string_view not_done(reconcile::Action action) {
  switch (action) {
    case reconcile::Action::kCreate:
      return "not created";
    case reconcile::Action::kChange:
      return "not changed";
    case reconcile::Action::kDelete:
      return "not deleted";
  }
  return "not done";
}

}  // namespace

reconcile::GuestStates desired_guest_state(const config::ApplianceConfig& config) {
  reconcile::GuestStates guests;
  for (const config::GuestConfig& entry : config.guests) {
    reconcile::GuestState guest{entry.name,          entry.vcpus, entry.memory_mb,
                                entry.hugepage_size, entry.numa,  {}};
    for (const auto& interface : entry.interfaces) {
      guest.interfaces.push_back(interface_of(interface));
    }
    guests[entry.name] = std::move(guest);
  }
  return guests;
}

StepsWithoutGuests without_guest_steps(const std::vector<reconcile::Step>& steps) {
  StepsWithoutGuests out;
  for (const auto& step : steps) {
    if (!reconcile::is_guest_step(step)) {
      out.runnable.push_back(step);
      continue;
    }
    out.warnings.push_back(api::PreflightFinding{
        "warning", "guest " + step.name,
        fmt::format("guest {}: {}: no guest manager yet (libvirt guests come later)", step.name,
                    not_done(step.action)),
        "the guest is not as the config says: " + step.reason,
        "run the guest by hand until nfvd has a guest manager"});
  }
  return out;
}

}  // namespace nfv::nfvd
