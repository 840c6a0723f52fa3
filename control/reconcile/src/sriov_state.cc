#include "nfv/reconcile/sriov_state.h"

#include <fmt/format.h>

#include <vector>

#include "nfv/common/strings.h"

namespace nfv::reconcile {
namespace {

std::string shown(const std::optional<std::string>& value) {
  if (!value) return "?";
  return value->empty() ? "none" : *value;
}
std::string shown(const std::optional<uint32_t>& value) {
  return value ? std::to_string(*value) : "?";
}
std::string shown(const std::optional<bool>& value) {
  return value ? (*value ? "on" : "off") : "?";
}

// Applies `visit(name, member pointer)` to each field, in the order messages list them.
template <typename Visit>
void for_each_field(Visit visit) {
  visit("mac", &VfConfigState::mac);
  visit("vlan", &VfConfigState::vlan);
  visit("qos", &VfConfigState::qos);
  visit("spoof_check", &VfConfigState::spoof_check);
  visit("trust", &VfConfigState::trust);
  visit("max_rate", &VfConfigState::max_rate);
  visit("driver", &VfConfigState::driver);
  visit("node_guid", &VfConfigState::node_guid);
  visit("port_guid", &VfConfigState::port_guid);
}

}  // namespace

bool VfConfigState::empty() const { return *this == VfConfigState{}; }

VfConfigState differing_fields(const VfConfigState& wanted, const VfConfigState& observed) {
  VfConfigState out;
  for_each_field([&](const char*, auto member) {
    if (wanted.*member && wanted.*member != observed.*member) out.*member = wanted.*member;
  });
  return out;
}

VfConfigState same_fields(const VfConfigState& fields, const VfConfigState& observed) {
  VfConfigState out;
  for_each_field([&](const char*, auto member) {
    if (fields.*member) out.*member = observed.*member;
  });
  return out;
}

std::string describe_vf_change(const VfConfigState& to, const VfConfigState& from) {
  std::vector<std::string> parts;
  for_each_field([&](const char* name, auto member) {
    if (!(to.*member)) return;
    if (from.empty()) {
      parts.push_back(fmt::format("{} {}", name, shown(to.*member)));
    } else {
      parts.push_back(fmt::format("{} {} -> {}", name, shown(from.*member), shown(to.*member)));
    }
  });
  return join(parts, ", ");
}

}  // namespace nfv::reconcile
