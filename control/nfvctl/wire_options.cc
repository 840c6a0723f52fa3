#include "nfv/nfvctl/wire_options.h"

#include <algorithm>
#include <stdexcept>

namespace nfv::nfvctl {

std::string flag_name(std::string_view field) {
  std::string flag(field);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

namespace wire_options_detail {

std::string flag_for(std::string_view field, const WireFlagRules& rules) {
  if (std::find(rules.by_hand.begin(), rules.by_hand.end(), field) != rules.by_hand.end()) {
    return "";
  }
  for (const auto& [from, to] : rules.renamed) {
    if (from == field) return std::string(to);
  }
  return flag_name(field);
}

void check_rules(const std::vector<std::string_view>& fields, const WireFlagRules& rules) {
  auto check = [&fields](std::string_view name) {
    if (std::find(fields.begin(), fields.end(), name) == fields.end()) {
      throw std::logic_error("wire flag rules name '" + std::string(name) +
                             "', which is not a field of the request");
    }
  };
  for (auto name : rules.by_hand) check(name);
  for (const auto& [from, to] : rules.renamed) check(from);
}

}  // namespace wire_options_detail
}  // namespace nfv::nfvctl
