// Reading generated domain XML in tests: the values an XPath expression selects (text of
// elements, values of attributes), with the qemu: and nfv: prefixes bound.
#pragma once

#include <string>
#include <vector>

namespace nfv::guests::testing {

// An empty list when nothing matches; a test failure (and an empty list) when the XML is not
// well-formed.
std::vector<std::string> xpath(const std::string& xml, const std::string& expression);

// The single value selected, "" (and a test failure) when it is not exactly one.
std::string xpath_one(const std::string& xml, const std::string& expression);

}  // namespace nfv::guests::testing
