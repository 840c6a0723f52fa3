// Parsing hostile XML (what libvirt returns: metadata, capabilities) with libxml2: no network,
// no DTD (a <!DOCTYPE> stops the parse, so no entity can expand), a size cap, and errors as
// values: nothing is printed on stderr.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::guests {

struct XmlDocumentDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocument = std::unique_ptr<xmlDoc, XmlDocumentDeleter>;

// `what` names the text in errors ("libvirt's capabilities XML").
Result<XmlDocument> parse_untrusted_xml(std::string_view text, std::string_view what,
                                        size_t max_bytes);

// The element's name without its namespace prefix.
std::string_view local_name(const xmlNode* node);

// The child elements of `parent` named `name` (any namespace), in document order.
std::vector<const xmlNode*> child_elements(const xmlNode* parent, std::string_view name);

// The element's character data (text and CDATA); an error when it holds anything else.
Result<std::string> element_text(const xmlNode* element, std::string_view what);

}  // namespace nfv::guests
