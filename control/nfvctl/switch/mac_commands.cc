// nfvctl mac list|add|del|flush: a bridge's MAC table.
#include <fmt/format.h>

#include "switch/command_groups.h"
#include "switch/request_command.h"

namespace nfv::nfvctl {
namespace {

using cli::Context;

void render_macs(std::ostream& out, const api::MacList& list) {
  cli::Table table({"BRIDGE", "VLAN", "MAC", "PORT", "TYPE", "AGE"});
  for (const auto& e : list.entries) {
    table.add({e.bridge, std::to_string(e.vlan), e.mac, e.port, e.is_static ? "static" : "learned",
               fmt::format("{:.0f}s", e.age_s)});
  }
  table.print(out);
  if (list.total > list.entries.size()) {
    out << fmt::format("({} of {} entries shown; --limit 0 for all)\n", list.entries.size(),
                       list.total);
  }
}

int mac_list(Context& ctx, const std::vector<std::string>& args) {
  api::MacListParams p;
  p.limit = 1000;
  return run_request(ctx, args, api::kMacList, p, {}, render_macs);
}

int mac_add(Context& ctx, const std::vector<std::string>& args) {
  api::MacAddParams p;
  return run_request(ctx, args, api::kMacAdd, p, {.positional = {"bridge", "mac", "port"}},
                     [](std::ostream& out, const api::MacEntry& e) {
                       out << fmt::format("{} vlan {} -> {} (static) in bridge {}\n", e.mac, e.vlan,
                                          e.port, e.bridge);
                     });
}

int mac_del(Context& ctx, const std::vector<std::string>& args) {
  api::MacDelParams p;
  return run_request(ctx, args, api::kMacDel, p, {.positional = {"bridge", "mac"}},
                     [&](std::ostream& out, const api::Empty&) {
                       out << p.mac << " removed from " << p.bridge << "\n";
                     });
}

int mac_flush(Context& ctx, const std::vector<std::string>& args) {
  api::MacFlushParams p;
  return run_request(
      ctx, args, api::kMacFlush, p, {},
      [](std::ostream& out, const api::CountResult& r) { out << r.count << " entries removed\n"; });
}

}  // namespace

void register_mac_commands(cli::Registry& registry) {
  registry.add({"mac list", "show MAC table entries", mac_list});
  registry.add({"mac add", "add a static MAC entry", mac_add});
  registry.add({"mac del", "remove a MAC entry", mac_del});
  registry.add({"mac flush", "remove learned MAC entries", mac_flush});
}

}  // namespace nfv::nfvctl
