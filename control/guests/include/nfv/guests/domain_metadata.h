// The appliance's metadata element of a domain, as libvirt returns it
// (virDomainGetMetadata(..., VIR_DOMAIN_METADATA_ELEMENT, kMetadataNamespace)): hostile text
// until parsed. The element carries the desired state the domain was created from.
#pragma once

#include <string>

#include "nfv/common/result.h"

namespace nfv::guests {

// The metadata element's content, written into the domain XML by domain_xml() (without the
// namespace declaration, which libvirt adds): "<guest><desired>{json}</desired></guest>".
std::string metadata_element(const std::string& desired_json);

// The same element in the appliance's namespace (kMetadataNamespace, prefix kMetadataPrefix),
// as domain_xml() writes it inside <metadata>: libvirt keeps only namespaced elements there.
std::string namespaced_metadata_element(const std::string& desired_json);

// The desired-state JSON text back out of the element libvirt returns; an error names what is
// wrong (not XML, no <desired>, ...).
Result<std::string> desired_json_from_metadata(const std::string& element_xml);

}  // namespace nfv::guests
