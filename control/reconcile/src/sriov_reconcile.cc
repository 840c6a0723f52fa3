#include "nfv/reconcile/sriov_reconcile.h"

#include <fmt/format.h>

namespace nfv::reconcile {
namespace {

constexpr const char* kVfioPci = "vfio-pci";

struct SriovPlan {
  std::vector<Step> releases;  // 1
  std::vector<Step> counts;    // 2
  std::vector<Step> vfs;       // 3
};

Step vf_step(Action action, const std::string& pf, uint32_t index, VfConfigState target,
             ObjectSpec restore, std::string reason) {
  return Step{action,
              ObjectKind::kVf,
              vf_name(pf, index),
              VfSpec{pf, index, std::move(target)},
              std::move(restore),
              std::move(reason)};
}

// The count step, preceded by the releases of the VFs on vfio-pci it would pull away, followed
// by the settings of the new VFs.
void plan_count(const std::string& pf, const PfState& wanted, const PfState& seen,
                const std::string& why, SriovPlan& plan) {
  VfCountSpec restore{pf, seen.vfs, {}};
  for (const auto& [index, vf] : seen.vf) {
    VfConfigState settings = vf;
    settings.driver.reset();
    restore.vfs[index] = settings;
    if (vf.driver != kVfioPci) continue;
    VfConfigState unbound;
    unbound.driver = "";
    VfConfigState bound;
    bound.driver = kVfioPci;
    plan.releases.push_back(vf_step(Action::kChange, pf, index, unbound, VfSpec{pf, index, bound},
                                    "leaves vfio-pci: the VF count of its PF changes"));
  }
  Action action = seen.vfs == 0     ? Action::kCreate
                  : wanted.vfs == 0 ? Action::kDelete
                                    : Action::kChange;
  plan.counts.push_back(Step{action, ObjectKind::kVfs, pf, VfCountSpec{pf, wanted.vfs, {}},
                             std::move(restore),
                             fmt::format("{}VFs {} -> {}", why, seen.vfs, wanted.vfs)});
  for (const auto& [index, vf] : wanted.vf) {
    if (index >= wanted.vfs || vf.empty()) continue;
    plan.vfs.push_back(vf_step(Action::kCreate, pf, index, vf, std::monostate{},
                               "new VF: " + describe_vf_change(vf, {})));
  }
}

void plan_settings(const std::string& pf, const PfState& wanted, const PfState& seen,
                   SriovPlan& plan) {
  for (const auto& [index, vf] : wanted.vf) {
    if (index >= wanted.vfs) continue;
    auto found = seen.vf.find(index);
    VfConfigState observed = found == seen.vf.end() ? VfConfigState{} : found->second;
    VfConfigState change = differing_fields(vf, observed);
    if (change.empty()) continue;
    VfConfigState before = same_fields(change, observed);
    plan.vfs.push_back(vf_step(Action::kChange, pf, index, change, VfSpec{pf, index, before},
                               describe_vf_change(change, before)));
  }
}

}  // namespace

std::string vf_name(const std::string& pf, uint32_t index) {
  return fmt::format("{}/vf{}", pf, index);
}

std::vector<Step> reconcile_sriov(const SriovState& desired, const SriovState& observed,
                                  const std::set<std::string>& owned_pfs) {
  SriovPlan plan;
  const PfState none;
  for (const auto& [pf, wanted] : desired) {
    auto found = observed.find(pf);
    const PfState& seen = found == observed.end() ? none : found->second;
    if (wanted.vfs != seen.vfs) {
      plan_count(pf, wanted, seen, "", plan);
    } else {
      plan_settings(pf, wanted, seen, plan);
    }
  }
  for (const auto& [pf, seen] : observed) {
    if (desired.count(pf) > 0 || owned_pfs.count(pf) == 0 || seen.vfs == 0) continue;
    plan_count(pf, none, seen, "not in the config (was nfvd's): ", plan);
  }
  std::vector<Step> steps = std::move(plan.releases);
  steps.insert(steps.end(), plan.counts.begin(), plan.counts.end());
  steps.insert(steps.end(), plan.vfs.begin(), plan.vfs.end());
  return steps;
}

}  // namespace nfv::reconcile
