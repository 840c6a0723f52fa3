#include "promql_names.h"

#include <cctype>
#include <regex>

namespace nfv::telemetry::testing {
namespace {

const std::set<std::string> kKeywords{"by",          "without", "on", "ignoring", "group_left",
                                      "group_right", "and",     "or", "unless",   "bool",
                                      "offset",      "inf",     "nan"};

std::string without(const std::string& text, const std::regex& pattern) {
  return std::regex_replace(text, pattern, " ");
}

}  // namespace

std::set<std::string> promql_metric_names(const std::string& expr) {
  std::string rest = without(expr, std::regex(R"("([^"\\]|\\.)*"|'([^'\\]|\\.)*')"));
  rest = without(rest, std::regex(R"(\{[^}]*\})"));   // label matchers
  rest = without(rest, std::regex(R"(\[[^\]]*\])"));  // ranges
  rest =
      without(rest, std::regex(R"(\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\))"));
  std::set<std::string> names;
  std::regex identifier(R"(([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?)");
  for (std::sregex_iterator it(rest.begin(), rest.end(), identifier), end; it != end; ++it) {
    const std::smatch& match = *it;
    bool function_call = match[2].matched;
    bool in_number =
        match.position(0) > 0 &&
        std::isdigit(static_cast<unsigned char>(rest[static_cast<size_t>(match.position(0)) - 1]));
    if (function_call || in_number || kKeywords.contains(match[1].str())) continue;
    names.insert(match[1].str());
  }
  return names;
}

}  // namespace nfv::telemetry::testing
