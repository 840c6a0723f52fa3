#include "switch/port_view.h"

#include <fmt/format.h>

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

}  // namespace

void render_ports(std::ostream& out, const api::PortList& list) {
  cli::Table table(
      {"PORT", "TYPE", "LINK", "ADMIN", "NODE", "QUEUES", "MTU", "ATTACHED", "VLAN", "ENDPOINT"});
  for (const auto& p : list.ports) {
    std::string endpoint = p.type == "vhost" ? p.path + " (" + p.mode + ")" : p.devargs;
    table.add({p.name, p.type, p.link, p.admin, std::to_string(p.numa), std::to_string(p.rx_queues),
               std::to_string(p.mtu), attachment(p), vlan_text(p.vlan), endpoint});
  }
  table.print(out);
}

void render_port(std::ostream& out, const api::PortInfo& p) {
  render_ports(out, api::PortList{{p}});
  if (p.features) {
    const auto& f = *p.features;
    out << fmt::format(
        "features {}: mergeable_rx={} indirect={} event_idx={} packed={} "
        "in_order={} csum={} tso={} mq={} mtu={}\n",
        f.features_hex, yes_no(f.mergeable_rx), yes_no(f.indirect_desc), yes_no(f.event_idx),
        yes_no(f.packed_ring), yes_no(f.in_order), yes_no(f.csum_offload), yes_no(f.tso),
        yes_no(f.mq), f.mtu);
  }
}

}  // namespace nfv::nfvctl
