#include "nfv/reconcile/guest_reconcile.h"

namespace nfv::reconcile {
namespace {

// A hugepage size the manager does not report is not a difference.
bool same_guest(const GuestState& wanted, const GuestState& seen) {
  GuestState compared = seen;
  if (wanted.hugepage_size == 0 || seen.hugepage_size == 0) {
    compared.hugepage_size = wanted.hugepage_size;
  }
  return wanted == compared;
}

Step guest_step(Action action, const std::string& name, ObjectSpec target, ObjectSpec restore,
                std::string reason) {
  return Step{action,           ObjectKind::kGuest, name, std::move(target), std::move(restore),
              std::move(reason)};
}

}  // namespace

Plan reconcile_guests(const GuestStates& desired, const GuestStates& observed,
                      const std::set<std::string>& owned) {
  Plan deletes;
  std::vector<Step> changes;
  std::vector<Step> creates;
  for (const auto& [name, seen] : observed) {
    if (desired.count(name) > 0) continue;
    if (owned.count(name) == 0) {
      deletes.foreign.push_back({ObjectKind::kGuest, name});
      continue;
    }
    deletes.steps.push_back(
        guest_step(Action::kDelete, name, std::monostate{}, seen, "not in the config"));
  }
  for (const auto& [name, wanted] : desired) {
    auto found = observed.find(name);
    if (found == observed.end()) {
      creates.push_back(
          guest_step(Action::kCreate, name, wanted, std::monostate{}, "in the config"));
    } else if (!same_guest(wanted, found->second)) {
      changes.push_back(guest_step(Action::kChange, name, wanted, found->second,
                                   describe_guest_change(wanted, found->second)));
    }
  }
  deletes.steps.insert(deletes.steps.end(), changes.begin(), changes.end());
  deletes.steps.insert(deletes.steps.end(), creates.begin(), creates.end());
  return deletes;
}

bool is_guest_step(const Step& step) { return step.kind == ObjectKind::kGuest; }

}  // namespace nfv::reconcile
