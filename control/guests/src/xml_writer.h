// A small indenting XML writer for the domain XML. Every text and attribute value goes through
// escaping: names and paths come from configs and may hold markup.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nfv::guests {

using XmlAttribute = std::pair<std::string_view, std::string>;
using XmlAttributes = std::vector<XmlAttribute>;

// Character data of an element: &, <, > escaped; characters XML 1.0 cannot carry (control
// characters other than tab, newline, carriage return) become U+FFFD, so a hostile name can
// never turn into a different, valid one.
std::string xml_escape_text(std::string_view text);

// An attribute value (in single or double quotes): also quotes, and tab/newline/carriage return
// as character references (a parser would otherwise normalise them to spaces).
std::string xml_escape_attribute(std::string_view value);

class XmlWriter {
 public:
  // <name attrs...> and one more level of indentation.
  void open(std::string_view name, const XmlAttributes& attributes = {});
  void close();  // the innermost open element
  // <name attrs.../>
  void empty(std::string_view name, const XmlAttributes& attributes = {});
  // <name attrs...>text</name>
  void text(std::string_view name, std::string_view text, const XmlAttributes& attributes = {});
  // Already well-formed markup (produced by this writer's escaping elsewhere), on its own line.
  void markup(std::string_view xml);

  // The document; every open element must be closed.
  const std::string& str() const { return out_; }

 private:
  void start_tag(std::string_view name, const XmlAttributes& attributes);
  void indent();

  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace nfv::guests
