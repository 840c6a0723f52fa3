// nfvctl commands that drive nfv-switch: switch info and raw calls here, the rest by group.
#include "nfv/nfvctl/switch_commands.h"

#include <fmt/format.h>

#include "nfv/common/strings.h"
#include "switch/command_groups.h"
#include "switch/request_command.h"

namespace nfv::nfvctl {
namespace {

namespace po = boost::program_options;
using cli::Context;

void render_switch_info(std::ostream& out, const api::SwitchInfo& i) {
  out << fmt::format("nfv-switch {} (pid {}), up {:.0f}s\n", i.version, i.pid, i.uptime_s);
  for (const auto& pmd : i.pmds) {
    out << fmt::format("pmd {}: cpu {}, node {}\n", pmd.id, pmd.cpu, pmd.numa);
  }
  out << fmt::format("vhost dir {}; MAC table {} entries, ageing {}s; idle sleep <= {}us\n",
                     i.vhost_dir, i.mac_table_size, i.mac_ageing_s, i.idle_sleep_max_us);
  out << "EAL: " << join(i.eal_args, " ") << "\n";
}

int switch_info(Context& ctx, const std::vector<std::string>& args) {
  return run_request(ctx, args, api::kSwitchInfo, render_switch_info);
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
  if (auto refusal = refused_by_nfvd(ctx, method, params)) return cli::fail(ctx, *refusal);
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
  register_port_commands(registry);
  register_bridge_commands(registry);
  register_mac_commands(registry);
  register_pmd_commands(registry);
  register_stats_commands(registry);
  registry.add({"call", "send a raw JSON-RPC request to nfv-switch (experts)", raw_call});
}

}  // namespace nfv::nfvctl
