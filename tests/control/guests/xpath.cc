// XPath over generated XML, for tests.
#include "xpath.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "nfv/guests/domain_spec.h"

namespace nfv::guests::testing {

namespace {

const xmlChar* to_xml(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

std::vector<std::string> node_values(xmlNodeSet* nodes) {
  std::vector<std::string> values;
  for (int i = 0; nodes != nullptr && i < nodes->nodeNr; ++i) {
    xmlChar* content = xmlNodeGetContent(nodes->nodeTab[i]);
    values.emplace_back(content != nullptr ? reinterpret_cast<const char*>(content) : "");
    xmlFree(content);
  }
  return values;
}

}  // namespace

std::vector<std::string> xpath(const std::string& xml, const std::string& expression) {
  xmlDoc* doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) {
    ADD_FAILURE() << "not well-formed XML:\n" << xml;
    return {};
  }
  xmlXPathContext* context = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(context, to_xml("qemu"), to_xml("http://libvirt.org/schemas/domain/qemu/1.0"));
  xmlXPathRegisterNs(context, to_xml("nfv"), to_xml(kMetadataNamespace));
  xmlXPathObject* result = xmlXPathEvalExpression(to_xml(expression.c_str()), context);
  std::vector<std::string> values;
  if (result == nullptr) {
    ADD_FAILURE() << "bad XPath " << expression;
  } else {
    values = node_values(result->nodesetval);
  }
  xmlXPathFreeObject(result);
  xmlXPathFreeContext(context);
  xmlFreeDoc(doc);
  return values;
}

std::string xpath_one(const std::string& xml, const std::string& expression) {
  auto values = xpath(xml, expression);
  if (values.size() != 1) {
    ADD_FAILURE() << expression << " selects " << values.size() << " values, expected one";
    return "";
  }
  return values.front();
}

}  // namespace nfv::guests::testing
