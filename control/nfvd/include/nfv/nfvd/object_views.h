// What `nfvctl ports` and `nfvctl bridges` show, pure: every port or bridge that the config
// wants or the switch has, whose it is (nfvd's when the config or the owned set names it,
// foreign otherwise), and what an apply of the current desired state would do to it (the
// reconcile plan's steps for it, or "in sync").
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nfv/api/nfvd_api.h"
#include "nfv/reconcile/reconcile.h"

namespace nfv::nfvd {

// The inputs of one view: both states and the plan reconcile made of them.
struct ObjectsSeen {
  const reconcile::SwitchState& desired;
  const reconcile::SwitchState& observed;
  const reconcile::Ownership& owned;
  const reconcile::Plan& plan;
};

std::vector<api::NfvdObject> port_views(const ObjectsSeen& seen);
std::vector<api::NfvdObject> bridge_views(const ObjectsSeen& seen);

// "change: vlan access 10 -> access 20": what `steps` do to one object ("" nothing); several
// steps (a replacement) joined with "; ".
std::string planned_for(const std::vector<reconcile::Step>& steps, reconcile::ObjectKind kind,
                        const std::string& name);

// The PCI addresses of PFs' VFs, by PF address and VF index (read from sysfs: vf_views.h).
using VfAddresses = std::map<std::string, std::map<uint32_t, std::string>>;

// The owned set in the wire form nfvctl checks its changes against: the owned PFs with the VFs
// `vf_addresses` lists for them.
api::NfvdOwnership ownership_wire(const reconcile::Ownership& owned, std::string config_path,
                                  const VfAddresses& vf_addresses = {});

}  // namespace nfv::nfvd
