#include "nfv/reconcile/field_changes.h"

#include <fmt/format.h>

#include "nfv/common/strings.h"

namespace nfv::reconcile {
namespace {

std::string quoted(const std::string& text) { return text.empty() ? "none" : text; }

std::string number(const std::optional<uint32_t>& value) {
  return value ? std::to_string(*value) : "default";
}

std::string vlan_text(const std::optional<api::VlanConfig>& config) {
  api::VlanConfig vlan = config.value_or(api::VlanConfig{});
  if (vlan.mode == "access") return fmt::format("access {}", vlan.tag);
  std::string text = fmt::format("{} {}", vlan.mode, vlan.trunks.empty() ? "all" : vlan.trunks);
  if (vlan.native != 0) text += fmt::format(" native {}", vlan.native);
  if (vlan.qinq) text += " qinq";
  return text;
}

std::string rates_text(const std::optional<api::RateConfig>& rates) {
  if (!rates) return "none";
  std::vector<std::string> limits;
  const api::json wire = api::to_wire(*rates);
  for (const auto& [name, value] : wire.items()) {
    if (value != 0) limits.push_back(fmt::format("{}={}", name, value.dump()));
  }
  return limits.empty() ? "none" : join(limits, ",");
}

std::string security_text(const std::optional<api::PortSecurityConfig>& security) {
  if (!security) return "off";
  std::string text = "macs " + join(security->macs, ",");
  if (!security->ips.empty()) text += " ips " + join(security->ips, ",");
  if (security->trusted) text += " trusted";
  return text;
}

bool same(const api::json& a, const api::json& b) { return a == b; }

void compare(std::vector<FieldChange>& out, const char* field, const std::string& from,
             const std::string& to) {
  if (from != to) out.push_back({field, from, to});
}

}  // namespace

std::string describe(const FieldChange& change) {
  return fmt::format("{} {} -> {}", change.field, change.from, change.to);
}

std::string describe(const std::vector<FieldChange>& changes) {
  std::vector<std::string> parts;
  for (const auto& change : changes) parts.push_back(describe(change));
  return join(parts, ", ");
}

std::vector<FieldChange> fixed_port_changes(const PortState& from, const PortState& to) {
  const api::PortAddParams& a = from.spec;
  const api::PortAddParams& b = to.spec;
  std::vector<FieldChange> out;
  compare(out, "type", a.type, b.type);
  if (a.type != b.type) return out;  // the other fields mean different things
  if (b.type == "vhost") {
    if (!b.path.empty()) compare(out, "path", a.path, b.path);
    compare(out, "mode", a.mode, b.mode);
  } else {
    compare(out, "devargs", a.devargs, b.devargs);
  }
  compare(out, "queues", std::to_string(a.queues), std::to_string(b.queues));
  if (b.mtu) compare(out, "mtu", number(a.mtu), number(b.mtu));
  return out;
}

std::vector<FieldChange> settable_port_changes(const PortState& from, const PortState& to) {
  const api::PortAddParams& a = from.spec;
  const api::PortAddParams& b = to.spec;
  std::vector<FieldChange> out;
  compare(out, "admin", from.admin, to.admin);
  compare(out, "bridge", quoted(a.bridge), quoted(b.bridge));
  compare(out, "xconnect", quoted(a.xconnect), quoted(b.xconnect));
  compare(out, "vlan", vlan_text(a.vlan), vlan_text(b.vlan));
  if (b.tx_retries) compare(out, "tx_retries", number(a.tx_retries), number(b.tx_retries));
  compare(out, "rates", rates_text(a.rates), rates_text(b.rates));
  compare(out, "mac_limit", number(a.mac_limit), number(b.mac_limit));
  compare(out, "mac_lock", a.mac_lock.value_or(false) ? "on" : "off",
          b.mac_lock.value_or(false) ? "on" : "off");
  if (!same(api::to_wire(a.security), api::to_wire(b.security))) {
    out.push_back({"security", security_text(a.security), security_text(b.security)});
  }
  return out;
}

std::vector<FieldChange> bridge_changes(const api::BridgeAddParams& from,
                                        const api::BridgeAddParams& to) {
  std::vector<FieldChange> out;
  if (to.mac_table_size) {
    compare(out, "mac_table_size", number(from.mac_table_size), number(to.mac_table_size));
  }
  if (to.ageing_s) compare(out, "ageing_s", number(from.ageing_s), number(to.ageing_s));
  compare(out, "mac_limit", number(from.mac_limit.value_or(0)), number(to.mac_limit.value_or(0)));
  return out;
}

namespace {

api::RateUpdate full_update(const std::optional<api::RateConfig>& rates) {
  api::RateConfig r = rates.value_or(api::RateConfig{});
  return {r.policer_pps, r.policer_bps, r.storm_broadcast_pps, r.storm_multicast_pps,
          r.storm_unknown_unicast_pps};
}

// Whether `to` gives a value and it differs from `from`'s.
template <typename T>
bool differs(const std::optional<T>& from, const std::optional<T>& to) {
  return to.has_value() && from != to;
}

}  // namespace

PortUpdate port_update(const PortState& from, const PortState& to) {
  const api::PortAddParams& a = from.spec;
  const api::PortAddParams& b = to.spec;
  api::PortSetParams set;
  set.name = b.name;
  if (from.admin != to.admin) set.admin = to.admin;
  if (a.bridge != b.bridge || a.xconnect != b.xconnect) {
    set.bridge = b.bridge;
    set.xconnect = b.xconnect;
  }
  if (differs(a.tx_retries, b.tx_retries)) set.tx_retries = b.tx_retries;
  if (a.rates.value_or(api::RateConfig{}) != b.rates.value_or(api::RateConfig{})) {
    set.rates = full_update(b.rates);
  }
  if (differs(a.mac_limit, b.mac_limit)) set.mac_limit = b.mac_limit;
  if (differs(a.mac_lock, b.mac_lock)) set.mac_lock = b.mac_lock;
  if (!same(api::to_wire(a.security), api::to_wire(b.security))) {
    set.security = b.security.value_or(api::PortSecurityConfig{});
  }
  PortUpdate update;
  if (api::to_wire(set).size() > 1) update.set = std::move(set);  // more than the name
  if (b.vlan && !same(api::to_wire(a.vlan), api::to_wire(b.vlan))) {
    update.vlan = api::VlanSetParams{b.name, *b.vlan};
  }
  return update;
}

}  // namespace nfv::reconcile
