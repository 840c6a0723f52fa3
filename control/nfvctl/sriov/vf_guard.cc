#include "sriov/vf_guard.h"

#include "nfv/nfvctl/ownership_guard.h"
#include "nfv/sriov/discovery.h"

namespace nfv::nfvctl {

std::optional<std::string> refused_pf_change(cli::Context& ctx, const sriov::PciAddress& pf) {
  return refused_by_nfvd(ctx, {ChangedObject{OwnedKind::kPf, pf.str(), "", 0, ""}});
}

std::optional<std::string> refused_vf_change(cli::Context& ctx, const sriov::Sysfs& sysfs,
                                             const sriov::PciAddress& vf) {
  auto location = sriov::locate_vf(sysfs, vf);  // not a VF (a whole device): no PF to own it
  std::string pf = location ? location->pf.str() : "";
  return refused_by_nfvd(ctx, {ChangedObject{OwnedKind::kVf, vf.str(), "", 0, pf}});
}

}  // namespace nfv::nfvctl
