// The domain XML's writer and its escaping.
#include "xml_writer.h"

namespace nfv::guests {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

bool forbidden_in_xml(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

std::string escape(std::string_view in, bool attribute) {
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\'':
        out += attribute ? "&apos;" : "'";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;  // a parser folds a bare CR into LF, even in text
      default:
        if (forbidden_in_xml(c)) {
          out += kReplacementCharacter;
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

std::string xml_escape_text(std::string_view text) { return escape(text, false); }

std::string xml_escape_attribute(std::string_view value) { return escape(value, true); }

void XmlWriter::indent() { out_.append(2 * open_.size(), ' '); }

void XmlWriter::start_tag(std::string_view name, const XmlAttributes& attributes) {
  indent();
  out_ += '<';
  out_ += name;
  for (const auto& [key, value] : attributes) {
    out_ += ' ';
    out_ += key;
    out_ += "='";
    out_ += xml_escape_attribute(value);
    out_ += '\'';
  }
}

void XmlWriter::open(std::string_view name, const XmlAttributes& attributes) {
  start_tag(name, attributes);
  out_ += ">\n";
  open_.emplace_back(name);
}

void XmlWriter::close() {
  std::string name = std::move(open_.back());
  open_.pop_back();
  indent();
  out_ += "</" + name + ">\n";
}

void XmlWriter::empty(std::string_view name, const XmlAttributes& attributes) {
  start_tag(name, attributes);
  out_ += "/>\n";
}

void XmlWriter::text(std::string_view name, std::string_view text,
                     const XmlAttributes& attributes) {
  start_tag(name, attributes);
  out_ += '>';
  out_ += xml_escape_text(text);
  out_ += "</";
  out_ += name;
  out_ += ">\n";
}

void XmlWriter::markup(std::string_view xml) {
  indent();
  out_ += xml;
  out_ += '\n';
}

}  // namespace nfv::guests
