// Hostile XML through libxml2, without DTDs, network or messages on stderr.
#include "xml_document.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <string>

namespace nfv::guests {
namespace {

struct ParserContextDeleter {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};
using ParserContext = std::unique_ptr<xmlParserCtxt, ParserContextDeleter>;

// Errors are read back from the context (xmlCtxtGetLastError): never printed.
void ignore_error(void*, xmlError*) {}

// A document type declaration could declare entities (billion laughs) or load a DTD: the parse
// stops on it, before any of it is read.
void refuse_doctype(void* context, const xmlChar*, const xmlChar*, const xmlChar*) {
  xmlStopParser(static_cast<xmlParserCtxt*>(context));
}

std::string trimmed(const char* message) {
  std::string text = message != nullptr ? message : "unknown error";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

Error parse_error(xmlParserCtxt* context, std::string_view what) {
  if (context->errNo == XML_ERR_USER_STOP) {
    return make_error("{} carries a document type declaration (<!DOCTYPE>): refused", what);
  }
  const xmlError* error = xmlCtxtGetLastError(context);
  if (error == nullptr) return make_error("{} is not XML", what);
  return make_error("{} is not well-formed XML (line {}: {})", what, error->line,
                    trimmed(error->message));
}

}  // namespace

Result<XmlDocument> parse_untrusted_xml(std::string_view text, std::string_view what,
                                        size_t max_bytes) {
  if (text.size() > max_bytes) {
    return make_error("{} is {} bytes, more than the {} accepted", what, text.size(), max_bytes);
  }
  ParserContext context(xmlNewParserCtxt());
  if (!context) return make_error("{}: libxml2 could not allocate a parser", what);
  context->sax->serror = ignore_error;
  context->sax->internalSubset = refuse_doctype;
  context->sax->externalSubset = refuse_doctype;
  // No XML_PARSE_NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR, no HUGE (libxml2's limits).
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  XmlDocument doc(xmlCtxtReadMemory(context.get(), text.data(), static_cast<int>(text.size()),
                                    nullptr, nullptr, options));
  if (!doc || !context->wellFormed || context->errNo != XML_ERR_OK) {
    return parse_error(context.get(), what);
  }
  if (xmlDocGetRootElement(doc.get()) == nullptr) return make_error("{} has no element", what);
  return doc;
}

std::string_view local_name(const xmlNode* node) {
  return reinterpret_cast<const char*>(node->name);
}

std::vector<const xmlNode*> child_elements(const xmlNode* parent, std::string_view name) {
  std::vector<const xmlNode*> found;
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE && local_name(child) == name) found.push_back(child);
  }
  return found;
}

Result<std::string> element_text(const xmlNode* element, std::string_view what) {
  std::string text;
  for (const xmlNode* child = element->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) text += reinterpret_cast<const char*>(child->content);
    } else if (child->type != XML_COMMENT_NODE) {
      return make_error("{} holds markup where text was expected", what);
    }
  }
  return text;
}

}  // namespace nfv::guests
