// Domain XML of a DomainSpec.
#include "nfv/guests/domain_spec.h"

namespace nfv::guests {

std::string domain_xml(const DomainSpec& spec) { return "<domain><name>" + spec.name + "</name></domain>"; }

}  // namespace nfv::guests
