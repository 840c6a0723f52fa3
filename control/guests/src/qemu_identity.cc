// QEMU's DAC identity from libvirt's capabilities XML:
// <capabilities><host>...<secmodel><model>dac</model><doi>0</doi>
// <baselabel type='kvm'>+64055:+994</baselabel>...</secmodel></host>...</capabilities>
#include "nfv/guests/qemu_identity.h"

#include <charconv>
#include <string_view>

#include "xml_document.h"

namespace nfv::guests {
namespace {

// Capabilities list every guest architecture and machine: tens of kilobytes, well under this.
constexpr size_t kMaxCapabilitiesBytes = size_t{16} << 20;
constexpr std::string_view kWhat = "libvirt's capabilities XML";

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return "";
  std::string text = reinterpret_cast<const char*>(value);
  xmlFree(value);
  return text;
}

// "+64055" (numeric, libvirt's form) or "64055".
bool parse_id(std::string_view text, uint32_t& id) {
  if (text.starts_with('+')) text.remove_prefix(1);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

Result<QemuIdentity> parse_label(std::string_view label, const std::string& domain_type) {
  size_t colon = label.find(':');
  QemuIdentity identity;
  if (colon == std::string_view::npos || !parse_id(label.substr(0, colon), identity.uid) ||
      !parse_id(label.substr(colon + 1), identity.gid)) {
    return make_error("{}: the DAC base label of '{}' domains is '{}', not uid:gid", kWhat,
                      domain_type, label);
  }
  return identity;
}

Result<std::string> model_of(const xmlNode* secmodel) {
  auto models = child_elements(secmodel, "model");
  if (models.empty()) return std::string();
  return element_text(models.front(), "a <secmodel>'s <model> in " + std::string(kWhat));
}

// The <baselabel type=domain_type> of the DAC <secmodel> under <host>; nullptr when absent.
Result<const xmlNode*> dac_label(const xmlNode* root, const std::string& domain_type) {
  for (const xmlNode* host : child_elements(root, "host")) {
    for (const xmlNode* secmodel : child_elements(host, "secmodel")) {
      auto model = model_of(secmodel);
      if (!model) return std::move(model).error();
      if (*model != "dac") continue;
      for (const xmlNode* label : child_elements(secmodel, "baselabel")) {
        if (attribute(label, "type") == domain_type) return label;
      }
    }
  }
  return static_cast<const xmlNode*>(nullptr);
}

}  // namespace

Result<QemuIdentity> qemu_identity_from_capabilities(const std::string& capabilities_xml,
                                                     const std::string& domain_type) {
  auto doc = parse_untrusted_xml(capabilities_xml, kWhat, kMaxCapabilitiesBytes);
  if (!doc) return std::move(doc).error();
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  if (local_name(root) != "capabilities") {
    return make_error("{} has <{}> at its root, not <capabilities>", kWhat, local_name(root));
  }
  auto label = dac_label(root, domain_type);
  if (!label) return std::move(label).error();
  if (*label == nullptr) {
    return make_error(
        "{} has no DAC base label for '{}' domains: QEMU runs as root or libvirt's security "
        "driver is \"none\" (qemu.conf)",
        kWhat, domain_type);
  }
  auto text = element_text(*label, "the DAC <baselabel> in " + std::string(kWhat));
  if (!text) return std::move(text).error();
  return parse_label(*text, domain_type);
}

}  // namespace nfv::guests
