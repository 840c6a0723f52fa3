// The appliance's metadata element of a domain: written into the domain XML, read back (as
// hostile text) from what libvirt returns.
#include "nfv/guests/domain_metadata.h"

#include <string_view>

#include "nfv/guests/domain_spec.h"
#include "xml_document.h"
#include "xml_writer.h"

namespace nfv::guests {
namespace {

// The desired state of a guest is a few kilobytes; anything far larger is not ours.
constexpr size_t kMaxMetadataBytes = size_t{1} << 20;
constexpr std::string_view kWhat = "the guest's libvirt metadata element";

std::string element(const std::string& prefix, const std::string& declaration,
                    const std::string& desired_json) {
  return "<" + prefix + "guest" + declaration + "><" + prefix + "desired>" +
         xml_escape_text(desired_json) + "</" + prefix + "desired></" + prefix + "guest>";
}

// No namespace (as given to virDomainSetMetadata) or the appliance's.
bool in_our_namespace(const xmlNode* node) {
  return node->ns == nullptr ||
         std::string_view(reinterpret_cast<const char*>(node->ns->href)) == kMetadataNamespace;
}

}  // namespace

std::string metadata_element(const std::string& desired_json) {
  return element("", "", desired_json);
}

std::string namespaced_metadata_element(const std::string& desired_json) {
  std::string prefix = kMetadataPrefix;
  return element(prefix + ":",
                 " xmlns:" + prefix + "='" + xml_escape_attribute(kMetadataNamespace) + "'",
                 desired_json);
}

Result<std::string> desired_json_from_metadata(const std::string& element_xml) {
  auto doc = parse_untrusted_xml(element_xml, kWhat, kMaxMetadataBytes);
  if (!doc) return std::move(doc).error();
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  if (local_name(root) != "guest" || !in_our_namespace(root)) {
    return make_error("{} is <{}>, not the appliance's <guest> in {}", kWhat, local_name(root),
                      kMetadataNamespace);
  }
  auto desired = child_elements(root, "desired");
  if (desired.size() != 1 || !in_our_namespace(desired.front())) {
    return make_error("{} has {} <desired> elements, expected one (the guest's desired state)",
                      kWhat, desired.size());
  }
  auto json = element_text(desired.front(), "the <desired> element of " + std::string(kWhat));
  if (!json) return std::move(json).error();
  if (json->empty()) return make_error("{} has an empty <desired> element", kWhat);
  return json;
}

}  // namespace nfv::guests
