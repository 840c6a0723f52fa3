// nfvctl bridge add|del|list.
#include "nfv/common/strings.h"
#include "switch/command_groups.h"
#include "switch/request_command.h"

namespace nfv::nfvctl {
namespace {

using cli::Context;

void render_bridges(std::ostream& out, const api::BridgeList& list) {
  cli::Table table({"BRIDGE", "PORTS", "MACS", "MAC LIMIT", "TABLE SIZE", "AGEING"});
  for (const auto& b : list.bridges) {
    table.add({b.name, b.ports.empty() ? "-" : join(b.ports, ","), std::to_string(b.macs),
               b.mac_limit == 0 ? "-" : std::to_string(b.mac_limit),
               std::to_string(b.mac_table_size), std::to_string(b.ageing_s) + "s"});
  }
  table.print(out);
}

int bridge_add(Context& ctx, const std::vector<std::string>& args) {
  api::BridgeAddParams p;
  return run_request(
      ctx, args, api::kBridgeAdd, p,
      {.positional = {"name"}, .rules = {.renamed = {{"ageing_s", "ageing"}}}},
      [](std::ostream& out, const api::BridgeInfo& b) { render_bridges(out, {{b}}); });
}

int bridge_del(Context& ctx, const std::vector<std::string>& args) {
  api::BridgeDelParams p;
  return run_request(
      ctx, args, api::kBridgeDel, p, {.positional = {"name"}},
      [&](std::ostream& out, const api::Empty&) { out << "bridge " << p.name << " removed\n"; });
}

int bridge_list(Context& ctx, const std::vector<std::string>& args) {
  return run_request(ctx, args, api::kBridgeList, render_bridges);
}

}  // namespace

void register_bridge_commands(cli::Registry& registry) {
  registry.add({"bridge add", "add an L2 learning bridge", bridge_add});
  registry.add({"bridge del", "remove a bridge", bridge_del});
  registry.add({"bridge list", "list bridges", bridge_list});
}

}  // namespace nfv::nfvctl
