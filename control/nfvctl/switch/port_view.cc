#include "switch/port_view.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "nfv/cli/output.h"

namespace nfv::nfvctl {
namespace {

std::string yes_no(bool value) { return value ? "yes" : "no"; }

std::string attachment(const api::PortInfo& port) {
  if (!port.bridge.empty()) return "bridge " + port.bridge;
  if (!port.xconnect.empty()) return "xconnect " + port.xconnect;
  return "-";
}

std::string vlan_text(const api::VlanConfig& vlan) {
  if (vlan.mode == "access") return fmt::format("access {}", vlan.tag);
  std::string text = "trunk " + (vlan.trunks.empty() ? std::string("all") : vlan.trunks);
  if (vlan.native != 0) text += fmt::format(" native {}", vlan.native);
  return text;
}

// "-", "4", "4 locked" or "locked": the port's learning limit and lock.
std::string mac_limit_text(const api::PortInfo& port) {
  std::string limit = port.mac_limit == 0 ? "" : std::to_string(port.mac_limit);
  if (port.mac_lock) return limit.empty() ? "locked" : limit + " locked";
  return limit.empty() ? "-" : limit;
}

// "macs=2 ips=1 trusted", or "-" when port security is off.
std::string security_text(const std::optional<api::PortSecurityConfig>& security) {
  if (!security || !security->enabled) return "-";
  std::string text = fmt::format("macs={} ips={}", security->macs.size(), security->ips.size());
  if (security->trusted) text += " trusted";
  return text;
}

}  // namespace

void render_ports(std::ostream& out, const api::PortList& list) {
  cli::Table table({"PORT", "TYPE", "LINK", "ADMIN", "NODE", "QUEUES", "MTU", "ATTACHED", "VLAN",
                    "MAC LIMIT", "SECURITY", "ENDPOINT"});
  for (const auto& p : list.ports) {
    std::string endpoint = p.type == "vhost" ? p.path + " (" + p.mode + ")" : p.devargs;
    table.add({p.name, p.type, p.link, p.admin, std::to_string(p.numa), std::to_string(p.rx_queues),
               std::to_string(p.mtu), attachment(p), vlan_text(p.vlan), mac_limit_text(p),
               security_text(p.security), endpoint});
  }
  table.print(out);
}

std::string rates_text(const api::RateConfig& r) {
  std::string text;
  auto add = [&](const char* what, uint64_t value, const char* unit) {
    if (value != 0) text += fmt::format("{}{} {} {}", text.empty() ? "" : ", ", what, value, unit);
  };
  add("policer", r.policer_pps, "pps");
  add("policer", r.policer_bps, "bps");
  add("storm broadcast", r.storm_broadcast_pps, "pps");
  add("storm multicast", r.storm_multicast_pps, "pps");
  add("storm unknown unicast", r.storm_unknown_unicast_pps, "pps");
  return text;
}

void render_port(std::ostream& out, const api::PortInfo& p) {
  render_ports(out, api::PortList{{p}});
  if (p.rates) out << "rates: " << rates_text(*p.rates) << "\n";
  if (p.features) {
    const auto& f = *p.features;
    out << fmt::format(
        "features {}: mergeable_rx={} indirect={} event_idx={} packed={} "
        "in_order={} csum={} tso={} mq={} mtu={}\n",
        f.features_hex, yes_no(f.mergeable_rx), yes_no(f.indirect_desc), yes_no(f.event_idx),
        yes_no(f.packed_ring), yes_no(f.in_order), yes_no(f.csum_offload), yes_no(f.tso),
        yes_no(f.mq), f.mtu);
  }
  if (p.security && p.security->enabled) {
    const auto& s = *p.security;
    std::string ips = s.ips.empty() ? "any" : fmt::format("{}", fmt::join(s.ips, ","));
    out << fmt::format("port security: macs {} ips {}{}\n", fmt::join(s.macs, ","), ips,
                       s.trusted ? " trusted" : "");
  }
}

}  // namespace nfv::nfvctl
