// nfvctl commands that drive nfv-switch: ports, bridges, VLANs, MACs, PMDs, counters.
#include "switch_commands.h"

#include <fmt/format.h>

#include <iostream>

#include "nfv/common/strings.h"
#include "switch_client_util.h"
#include "top_command.h"

namespace nfv {

namespace po = boost::program_options;
using cli::Context;
using cli::Table;

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

void render_ports(std::ostream& out, const api::PortList& list) {
  Table table({"PORT", "TYPE", "LINK", "ADMIN", "NODE", "QUEUES", "ATTACHED", "VLAN", "ENDPOINT"});
  for (const auto& p : list.ports) {
    std::string endpoint = p.type == "vhost" ? p.path + " (" + p.mode + ")" : p.devargs;
    table.add({p.name, p.type, p.link, p.admin, std::to_string(p.numa), std::to_string(p.rx_queues),
               attachment(p), vlan_text(p.vlan), endpoint});
  }
  table.print(out);
}

void render_port(std::ostream& out, const api::PortInfo& p) {
  render_ports(out, api::PortList{{p}});
  if (p.features) {
    const auto& f = *p.features;
    out << fmt::format("features {}: mergeable_rx={} indirect={} event_idx={} packed={} "
                       "in_order={} csum={} tso={} mq={} mtu={}\n",
                       f.features_hex, yes_no(f.mergeable_rx), yes_no(f.indirect_desc),
                       yes_no(f.event_idx), yes_no(f.packed_ring), yes_no(f.in_order),
                       yes_no(f.csum_offload), yes_no(f.tso), yes_no(f.mq), f.mtu);
  }
}

int port_list(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("port list");
  int code = 0;
  if (!cli::parse_args(ctx, "port list", args, options, {}, code)) return code;
  return call_and_print<api::Empty, api::PortList>(ctx, api::kPortList, {}, render_ports);
}

Result<api::VlanConfig> vlan_from_args(const po::variables_map& vm) {
  api::VlanConfig vlan;
  vlan.mode = vm["mode"].as<std::string>();
  if (vm.count("tag")) vlan.tag = vm["tag"].as<uint32_t>();
  if (vm.count("trunks")) vlan.trunks = vm["trunks"].as<std::string>();
  if (vm.count("native")) vlan.native = vm["native"].as<uint32_t>();
  return vlan;
}

int port_add(Context& ctx, const std::vector<std::string>& args) {
  api::PortAddParams p;
  std::string vlan_mode;
  uint32_t tag = 0, native = 0;
  std::string trunks, owner, group, socket_mode;
  po::options_description options("port add");
  options.add_options()("name", po::value(&p.name)->required(), "port name")(
      "type", po::value(&p.type)->default_value("vhost"), "vhost | dpdk")(
      "path", po::value(&p.path), "vhost: socket path (default: the switch's vhost dir)")(
      "mode", po::value(&p.mode), "vhost: server (default) | client")(
      "devargs", po::value(&p.devargs), "dpdk: PCI address or vdev (net_tap0,iface=tap0)")(
      "queues", po::value(&p.queues)->default_value(1), "queue pairs")(
      "bridge", po::value(&p.bridge), "bridge to join")(
      "xconnect", po::value(&p.xconnect), "port to cross-connect with")(
      "vlan-mode", po::value(&vlan_mode), "access | trunk")(
      "tag", po::value(&tag), "access VLAN")("trunks", po::value(&trunks),
                                             "trunk: allowed VLANs (e.g. 10-20,30)")(
      "native", po::value(&native), "trunk: VLAN of untagged frames")(
      "owner", po::value(&owner), "vhost server: socket owner (QEMU's user)")(
      "group", po::value(&group), "vhost server: socket group")(
      "socket-mode", po::value(&socket_mode), "vhost server: socket mode, octal (0660)")(
      "tx-retries", po::value<uint32_t>(), "vhost: retries of a guest queue that accepts part")(
      "no-mergeable-rx", po::bool_switch(), "vhost: do not offer mergeable rx buffers")(
      "no-indirect", po::bool_switch(), "vhost: do not offer indirect descriptors")(
      "no-packed", po::bool_switch(), "vhost: do not offer packed rings")(
      "offloads", po::bool_switch(), "vhost: offer checksum/TSO offloads (vhost-to-vhost only)")(
      "exist-ok", po::bool_switch(&p.exist_ok), "succeed if the same port exists");
  po::positional_options_description positional;
  positional.add("name", 1);
  int code = 0;
  auto vm = cli::parse_args(ctx, "port add", args, options, positional, code, " NAME");
  if (!vm) return code;
  api::VhostConfig features;
  features.mergeable_rx = !(*vm)["no-mergeable-rx"].as<bool>();
  features.indirect_desc = !(*vm)["no-indirect"].as<bool>();
  features.packed_ring = !(*vm)["no-packed"].as<bool>();
  features.offloads = (*vm)["offloads"].as<bool>();
  if (api::to_wire(features) != api::to_wire(api::VhostConfig{})) p.vhost = features;
  if (!vlan_mode.empty()) p.vlan = api::VlanConfig{vlan_mode, tag, trunks, native};
  if (!owner.empty() || !group.empty() || !socket_mode.empty()) {
    api::SocketConfig socket{owner, group, 0};
    if (!socket_mode.empty()) {
      char* end = nullptr;
      unsigned long mode = std::strtoul(socket_mode.c_str(), &end, 8);
      if (*end != '\0' || mode > 07777) {
        return cli::fail(ctx, "--socket-mode '" + socket_mode + "' is not an octal mode like 0660",
                         cli::kExitUsage);
      }
      socket.mode = static_cast<uint32_t>(mode);
    }
    p.socket = socket;
  }
  if (vm->count("tx-retries")) p.tx_retries = (*vm)["tx-retries"].as<uint32_t>();
  return call_and_print<api::PortAddParams, api::PortInfo>(ctx, api::kPortAdd, p, render_port);
}

int port_del(Context& ctx, const std::vector<std::string>& args) {
  api::NameParams p;
  po::options_description options("port del");
  options.add_options()("name", po::value(&p.name)->required(), "port name")(
      "missing-ok", po::bool_switch(&p.missing_ok), "succeed if the port does not exist");
  po::positional_options_description positional;
  positional.add("name", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "port del", args, options, positional, code, " NAME")) return code;
  return call_and_print<api::NameParams, api::Empty>(
      ctx, api::kPortDel, p, [&](std::ostream& out, const api::Empty&) {
        out << "port " << p.name << " removed\n";
      });
}

int port_set(Context& ctx, const std::vector<std::string>& args) {
  api::PortSetParams p;
  po::options_description options("port set");
  options.add_options()("name", po::value(&p.name)->required(), "port name")(
      "admin", po::value<std::string>(), "up | down")(
      "bridge", po::value<std::string>(), "bridge to join (\"\" leaves it)")(
      "xconnect", po::value<std::string>(), "port to cross-connect with (\"\" unpairs)")(
      "tx-retries", po::value<uint32_t>(), "vhost: tx retries");
  po::positional_options_description positional;
  positional.add("name", 1);
  int code = 0;
  auto vm = cli::parse_args(ctx, "port set", args, options, positional, code, " NAME");
  if (!vm) return code;
  if (vm->count("admin")) p.admin = (*vm)["admin"].as<std::string>();
  if (vm->count("bridge")) p.bridge = (*vm)["bridge"].as<std::string>();
  if (vm->count("xconnect")) p.xconnect = (*vm)["xconnect"].as<std::string>();
  if (vm->count("tx-retries")) p.tx_retries = (*vm)["tx-retries"].as<uint32_t>();
  return call_and_print<api::PortSetParams, api::PortInfo>(ctx, api::kPortSet, p, render_port);
}

int vlan_set(Context& ctx, const std::vector<std::string>& args) {
  api::VlanSetParams p;
  po::options_description options("vlan set");
  options.add_options()("port", po::value(&p.port)->required(), "port name")(
      "mode", po::value<std::string>()->default_value("trunk"), "access | trunk")(
      "tag", po::value<uint32_t>(), "access VLAN (1-4094)")(
      "trunks", po::value<std::string>(), "trunk: allowed VLANs, e.g. 10-20,30 (default all)")(
      "native", po::value<uint32_t>(), "trunk: VLAN of untagged frames (default 0: untagged)");
  po::positional_options_description positional;
  positional.add("port", 1);
  int code = 0;
  auto vm = cli::parse_args(ctx, "vlan set", args, options, positional, code, " PORT");
  if (!vm) return code;
  p.vlan = *vlan_from_args(*vm);
  return call_and_print<api::VlanSetParams, api::PortInfo>(ctx, api::kVlanSet, p, render_port);
}

void render_bridges(std::ostream& out, const api::BridgeList& list) {
  Table table({"BRIDGE", "PORTS", "MACS", "TABLE SIZE", "AGEING"});
  for (const auto& b : list.bridges) {
    table.add({b.name, b.ports.empty() ? "-" : join(b.ports, ","), std::to_string(b.macs),
               std::to_string(b.mac_table_size), std::to_string(b.ageing_s) + "s"});
  }
  table.print(out);
}

int bridge_add(Context& ctx, const std::vector<std::string>& args) {
  api::BridgeAddParams p;
  po::options_description options("bridge add");
  options.add_options()("name", po::value(&p.name)->required(), "bridge name")(
      "mac-table-size", po::value<uint32_t>(), "most MAC entries")(
      "ageing", po::value<uint32_t>(), "seconds before an idle MAC is forgotten")(
      "exist-ok", po::bool_switch(&p.exist_ok), "succeed if the same bridge exists");
  po::positional_options_description positional;
  positional.add("name", 1);
  int code = 0;
  auto vm = cli::parse_args(ctx, "bridge add", args, options, positional, code, " NAME");
  if (!vm) return code;
  if (vm->count("mac-table-size")) p.mac_table_size = (*vm)["mac-table-size"].as<uint32_t>();
  if (vm->count("ageing")) p.ageing_s = (*vm)["ageing"].as<uint32_t>();
  return call_and_print<api::BridgeAddParams, api::BridgeInfo>(
      ctx, api::kBridgeAdd, p,
      [](std::ostream& out, const api::BridgeInfo& b) { render_bridges(out, {{b}}); });
}

int bridge_del(Context& ctx, const std::vector<std::string>& args) {
  api::BridgeDelParams p;
  po::options_description options("bridge del");
  options.add_options()("name", po::value(&p.name)->required(), "bridge name")(
      "force", po::bool_switch(&p.force), "detach member ports")(
      "missing-ok", po::bool_switch(&p.missing_ok), "succeed if it does not exist");
  po::positional_options_description positional;
  positional.add("name", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "bridge del", args, options, positional, code, " NAME")) return code;
  return call_and_print<api::BridgeDelParams, api::Empty>(
      ctx, api::kBridgeDel, p,
      [&](std::ostream& out, const api::Empty&) { out << "bridge " << p.name << " removed\n"; });
}

int bridge_list(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("bridge list");
  int code = 0;
  if (!cli::parse_args(ctx, "bridge list", args, options, {}, code)) return code;
  return call_and_print<api::Empty, api::BridgeList>(ctx, api::kBridgeList, {}, render_bridges);
}

int mac_list(Context& ctx, const std::vector<std::string>& args) {
  api::MacListParams p;
  po::options_description options("mac list");
  options.add_options()("bridge", po::value(&p.bridge), "only this bridge")(
      "port", po::value(&p.port), "only this port")("vlan", po::value<uint32_t>(),
                                                      "only this VLAN")(
      "limit", po::value(&p.limit)->default_value(1000), "most entries shown (0: all)");
  int code = 0;
  auto vm = cli::parse_args(ctx, "mac list", args, options, {}, code);
  if (!vm) return code;
  if (vm->count("vlan")) p.vlan = (*vm)["vlan"].as<uint32_t>();
  return call_and_print<api::MacListParams, api::MacList>(
      ctx, api::kMacList, p, [](std::ostream& out, const api::MacList& list) {
        Table table({"BRIDGE", "VLAN", "MAC", "PORT", "TYPE", "AGE"});
        for (const auto& e : list.entries) {
          table.add({e.bridge, std::to_string(e.vlan), e.mac, e.port,
                     e.is_static ? "static" : "learned", fmt::format("{:.0f}s", e.age_s)});
        }
        table.print(out);
        if (list.total > list.entries.size()) {
          out << fmt::format("({} of {} entries shown; --limit 0 for all)\n", list.entries.size(),
                             list.total);
        }
      });
}

int mac_add(Context& ctx, const std::vector<std::string>& args) {
  api::MacAddParams p;
  po::options_description options("mac add");
  options.add_options()("bridge", po::value(&p.bridge)->required(), "bridge")(
      "mac", po::value(&p.mac)->required(), "MAC address")(
      "port", po::value(&p.port)->required(), "output port")(
      "vlan", po::value(&p.vlan)->default_value(0), "VLAN (0: untagged)");
  po::positional_options_description positional;
  positional.add("bridge", 1).add("mac", 1).add("port", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "mac add", args, options, positional, code, " BRIDGE MAC PORT")) {
    return code;
  }
  return call_and_print<api::MacAddParams, api::MacEntry>(
      ctx, api::kMacAdd, p, [](std::ostream& out, const api::MacEntry& e) {
        out << fmt::format("{} vlan {} -> {} (static) in bridge {}\n", e.mac, e.vlan, e.port,
                           e.bridge);
      });
}

int mac_del(Context& ctx, const std::vector<std::string>& args) {
  api::MacDelParams p;
  po::options_description options("mac del");
  options.add_options()("bridge", po::value(&p.bridge)->required(), "bridge")(
      "mac", po::value(&p.mac)->required(), "MAC address")(
      "vlan", po::value(&p.vlan)->default_value(0), "VLAN")(
      "missing-ok", po::bool_switch(&p.missing_ok), "succeed if there is no such entry");
  po::positional_options_description positional;
  positional.add("bridge", 1).add("mac", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "mac del", args, options, positional, code, " BRIDGE MAC")) return code;
  return call_and_print<api::MacDelParams, api::Empty>(
      ctx, api::kMacDel, p, [&](std::ostream& out, const api::Empty&) {
        out << p.mac << " removed from " << p.bridge << "\n";
      });
}

int mac_flush(Context& ctx, const std::vector<std::string>& args) {
  api::MacFlushParams p;
  po::options_description options("mac flush");
  options.add_options()("bridge", po::value(&p.bridge), "only this bridge")(
      "port", po::value(&p.port), "only entries of this port")(
      "include-static", po::bool_switch(&p.include_static), "static entries too");
  int code = 0;
  if (!cli::parse_args(ctx, "mac flush", args, options, {}, code)) return code;
  return call_and_print<api::MacFlushParams, api::CountResult>(
      ctx, api::kMacFlush, p, [](std::ostream& out, const api::CountResult& r) {
        out << r.count << " entries removed\n";
      });
}

void render_pmds(std::ostream& out, const api::PmdList& list) {
  for (const auto& pmd : list.pmds) {
    out << fmt::format("pmd {} cpu {} node {}: busy {:.1f}%, {} packets, {:.0f} cycles/packet\n",
                       pmd.id, pmd.cpu, pmd.numa, pmd.busy_pct, pmd.packets,
                       pmd.cycles_per_packet);
    Table table({"  PORT", "QUEUE", "POLLED", "PACKETS", "SHARE"});
    for (const auto& rxq : pmd.rxqs) {
      table.add({"  " + rxq.port, std::to_string(rxq.queue), yes_no(rxq.enabled),
                 std::to_string(rxq.packets), fmt::format("{:.1f}%", rxq.share_pct)});
    }
    if (!pmd.rxqs.empty()) table.print(out);
  }
}

int pmd_list(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("pmd list");
  int code = 0;
  if (!cli::parse_args(ctx, "pmd list", args, options, {}, code)) return code;
  return call_and_print<api::Empty, api::PmdList>(ctx, api::kPmdList, {}, render_pmds);
}

int pmd_rebalance(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("pmd rebalance");
  int code = 0;
  if (!cli::parse_args(ctx, "pmd rebalance", args, options, {}, code)) return code;
  return call_and_print<api::Empty, api::RebalanceResult>(
      ctx, api::kPmdRebalance, {}, [](std::ostream& out, const api::RebalanceResult& r) {
        for (const auto& move : r.moved) {
          out << fmt::format("{} queue {}: pmd {} -> pmd {}\n", move.port, move.queue,
                             move.from_pmd, move.to_pmd);
        }
        std::vector<std::string> before, after;
        for (double v : r.pmd_load_before) before.push_back(fmt::format("{:.0f}%", v));
        for (double v : r.pmd_load_after) after.push_back(fmt::format("{:.0f}%", v));
        out << fmt::format("{} queue(s) moved; PMD load {} -> {}\n", r.moved.size(),
                           join(before, "/"), join(after, "/"));
      });
}

int stats(Context& ctx, const std::vector<std::string>& args) {
  api::StatsParams p;
  bool clear = false;
  po::options_description options("stats");
  options.add_options()("port", po::value(&p.port), "only this port")(
      "clear", po::bool_switch(&clear), "zero the counters instead of showing them");
  po::positional_options_description positional;
  positional.add("port", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "stats", args, options, positional, code, " [PORT]")) return code;
  if (clear) {
    return call_and_print<api::StatsParams, api::Empty>(
        ctx, api::kStatsClear, p,
        [](std::ostream& out, const api::Empty&) { out << "counters cleared\n"; });
  }
  return call_and_print<api::StatsParams, api::StatsResult>(
      ctx, api::kStatsGet, p, [](std::ostream& out, const api::StatsResult& r) {
        Table table({"PORT", "RX", "FORWARDED", "RX DROPPED", "TX", "TX DROPPED", "RX BYTES",
                     "TX BYTES"});
        for (const auto& s : r.ports) {
          table.add({s.name, std::to_string(s.rx_packets), std::to_string(s.forwarded),
                     std::to_string(s.rx_dropped), std::to_string(s.tx_packets),
                     std::to_string(s.tx_dropped), std::to_string(s.rx_bytes),
                     std::to_string(s.tx_bytes)});
        }
        table.print(out);
        for (const auto& s : r.ports) {
          std::vector<std::string> drops;
          for (const auto& [reason, count] : s.drops) {
            if (count) drops.push_back(fmt::format("{} {}", reason, count));
          }
          if (!drops.empty()) out << s.name << " drops: " << join(drops, ", ") << "\n";
          if (s.mac_table_full) out << s.name << ": " << s.mac_table_full
                                    << " sources not learned (MAC table full)\n";
        }
      });
}

int switch_info(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("switch info");
  int code = 0;
  if (!cli::parse_args(ctx, "switch info", args, options, {}, code)) return code;
  return call_and_print<api::Empty, api::SwitchInfo>(
      ctx, api::kSwitchInfo, {}, [](std::ostream& out, const api::SwitchInfo& i) {
        out << fmt::format("nfv-switch {} (pid {}), up {:.0f}s\n", i.version, i.pid, i.uptime_s);
        for (const auto& pmd : i.pmds) {
          out << fmt::format("pmd {}: cpu {}, node {}\n", pmd.id, pmd.cpu, pmd.numa);
        }
        out << fmt::format("vhost dir {}; MAC table {} entries, ageing {}s; idle sleep <= {}us\n",
                           i.vhost_dir, i.mac_table_size, i.mac_ageing_s, i.idle_sleep_max_us);
        out << "EAL: " << join(i.eal_args, " ") << "\n";
      });
}

int raw_call(Context& ctx, const std::vector<std::string>& args) {
  std::string method, params_text = "{}";
  po::options_description options("call");
  options.add_options()("method", po::value(&method)->required(), "JSON-RPC method")(
      "params", po::value(&params_text), "params as a JSON object");
  po::positional_options_description positional;
  positional.add("method", 1).add("params", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "call", args, options, positional, code, " METHOD [PARAMS_JSON]")) {
    return code;
  }
  api::json params = api::json::parse(params_text, nullptr, false);
  if (params.is_discarded()) return cli::fail(ctx, "params are not valid JSON", cli::kExitUsage);
  auto client = connect_switch(ctx);
  if (!client) return cli::fail(ctx, client.error().message);
  auto result = client->call_raw(method, params);
  if (!result) return cli::fail(ctx, method + ": " + result.error().message);
  *ctx.out << result->dump(2) << "\n";
  return cli::kExitOk;
}

}  // namespace

void register_switch_commands(cli::Registry& registry) {
  registry.add({"switch info", "nfv-switch version, cores and settings", switch_info});
  registry.add({"port list", "list the switch's ports", port_list});
  registry.add({"port add", "add a vhost-user or DPDK port", port_add});
  registry.add({"port del", "remove a port", port_del});
  registry.add({"port set", "change a port's admin state, bridge or cross-connect", port_set});
  registry.add({"vlan set", "set a port's VLAN mode (access or trunk)", vlan_set});
  registry.add({"bridge add", "add an L2 learning bridge", bridge_add});
  registry.add({"bridge del", "remove a bridge", bridge_del});
  registry.add({"bridge list", "list bridges", bridge_list});
  registry.add({"mac list", "show MAC table entries", mac_list});
  registry.add({"mac add", "add a static MAC entry", mac_add});
  registry.add({"mac del", "remove a MAC entry", mac_del});
  registry.add({"mac flush", "remove learned MAC entries", mac_flush});
  registry.add({"pmd list", "PMD threads: busy cycles and their receive queues", pmd_list});
  registry.add({"pmd rebalance", "re-place receive queues by measured load", pmd_rebalance});
  registry.add({"stats", "port counters and drops by reason (--clear zeroes them)", stats});
  registry.add({"top", "live packets per second and losses per port", top_command});
  registry.add({"call", "send a raw JSON-RPC request to nfv-switch (experts)", raw_call});
}

}  // namespace nfv
