// One owner for VFs: `nfvctl vf create|bind|release|set` leave the PFs nfvd owns, and their
// VFs, to nfvd (ownership_guard.h); VFs of other PFs stay changeable.
#pragma once

#include <optional>
#include <string>

#include "nfv/cli/command.h"
#include "nfv/sriov/pci.h"
#include "nfv/sriov/sysfs.h"

namespace nfv::nfvctl {

// The refusal when nfvd owns `pf` (its VF count, or the pool of its VFs); nullopt otherwise.
std::optional<std::string> refused_pf_change(cli::Context& ctx, const sriov::PciAddress& pf);
// The refusal when nfvd owns the PF of `vf` (found through `sysfs`, else in nfvd's VF list).
std::optional<std::string> refused_vf_change(cli::Context& ctx, const sriov::Sysfs& sysfs,
                                             const sriov::PciAddress& vf);

}  // namespace nfv::nfvctl
