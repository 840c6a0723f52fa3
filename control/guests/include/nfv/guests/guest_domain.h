// A guest's desired state (reconcile::GuestState) -> the domain that realises it, purely, and
// the desired state's JSON form that the domain's metadata carries.
#pragma once

#include <string>

#include "nfv/common/result.h"
#include "nfv/guests/domain_spec.h"
#include "nfv/reconcile/guest_state.h"

namespace nfv::guests {

// What the manager adds to a guest's desired state.
struct DomainContext {
  Accelerator accelerator = Accelerator::kKvm;
  // The guest's files: <console_dir>/<name>.console.log, .console.sock, .nccl-topo.xml (AI)
  std::string console_dir;
};

DomainSpec domain_spec_of(const reconcile::GuestState& guest, const DomainContext& context);

std::string guest_state_json(const reconcile::GuestState& guest);
// Hostile text (it comes back from libvirt): an error names the field that is wrong.
Result<reconcile::GuestState> guest_state_from_json(const std::string& text);

}  // namespace nfv::guests
