// What `nfvctl vfs` shows through nfvd, pure: for every PF a row for its VF count and one per
// VF, desired against what the host has. PFs nfvd manages (in the config, or owned from an
// earlier apply) are nfvd's, with what an apply of the current desired state would do (the
// SR-IOV steps of the plan, or "in sync"); other PFs of the host are foreign, left as they are.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "nfv/api/nfvd_api.h"
#include "nfv/nfvd/object_views.h"
#include "nfv/reconcile/sriov_state.h"
#include "nfv/reconcile/step.h"
#include "nfv/sriov/sysfs.h"

namespace nfv::nfvd {

// The inputs of the view: both SR-IOV states (observed: every PF of the host), the owned PFs,
// reconcile_sriov's steps and the VFs' PCI addresses.
struct VfsSeen {
  const reconcile::SriovState& desired;
  const reconcile::SriovState& observed;
  const std::set<std::string>& owned_pfs;
  const std::vector<reconcile::Step>& steps;
  const VfAddresses& addresses;
};

std::vector<api::NfvdVf> vf_views(const VfsSeen& seen);

// The VFs' PCI addresses of `pfs` as sysfs lists them now; a PF that cannot be read (gone) is
// left out.
VfAddresses read_vf_addresses(const sriov::Sysfs& sysfs, const std::set<std::string>& pfs);

}  // namespace nfv::nfvd
