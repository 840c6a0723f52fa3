// Reconcile for the host's SR-IOV state, pure, in the Step shape of the switch's plan (kinds
// "vfs": a PF's VF count, "vf": one VF's settings and driver), so one plan, one diff and one
// apply_steps cover both.
//
// Order: 1. VFs that leave vfio-pci because their PF's count changes (the kernel cannot remove
// a VF in use); 2. VF counts; 3. VF settings and drivers, new VFs included.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "nfv/reconcile/sriov_state.h"
#include "nfv/reconcile/step.h"

namespace nfv::reconcile {

// "0000:3b:00.0/vf1": how steps name a VF.
std::string vf_name(const std::string& pf, uint32_t index);

// `owned_pfs`: PFs of an earlier apply. An owned PF that left the config goes back to 0 VFs;
// other PFs outside the config are left alone.
std::vector<Step> reconcile_sriov(const SriovState& desired, const SriovState& observed,
                                  const std::set<std::string>& owned_pfs);

}  // namespace nfv::reconcile
