// A guest's desired state -> its domain spec, and the desired state's JSON form.
#include "nfv/guests/guest_domain.h"

namespace nfv::guests {

DomainSpec domain_spec_of(const reconcile::GuestState& guest, const DomainContext& context) {
  DomainSpec spec;
  spec.name = guest.name;
  spec.accelerator = context.accelerator;
  return spec;
}

std::string guest_state_json(const reconcile::GuestState& guest) { return "{\"name\":\"" + guest.name + "\"}"; }

Result<reconcile::GuestState> guest_state_from_json(const std::string&) { return make_error("not yet"); }

}  // namespace nfv::guests
