// nfvctl stats (counters, or --clear) and top (live rates).
#include <fmt/format.h>

#include "nfv/common/strings.h"
#include "nfv/nfvctl/wire_options.h"
#include "switch/client.h"
#include "switch/command_groups.h"
#include "telemetry/top_command.h"

namespace nfv::nfvctl {
namespace {

namespace po = boost::program_options;
using cli::Context;

void render_stats(std::ostream& out, const api::StatsResult& r) {
  cli::Table table(
      {"PORT", "RX", "FORWARDED", "RX DROPPED", "TX", "TX DROPPED", "RX BYTES", "TX BYTES"});
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
    if (s.mac_table_full) {
      out << s.name << ": " << s.mac_table_full << " sources not learned (MAC table full)\n";
    }
    if (s.mac_limit_refused) {
      out << s.name << ": " << s.mac_limit_refused << " sources not learned (MAC limit)\n";
    }
    if (s.mac_lock_refused) {
      out << s.name << ": " << s.mac_lock_refused
          << " moves refused (MAC locked to another port)\n";
    }
  }
}

int stats(Context& ctx, const std::vector<std::string>& args) {
  api::StatsParams p;
  bool clear = false;
  po::options_description options("stats");
  add_wire_options(options, p);
  options.add_options()("clear", po::bool_switch(&clear),
                        "zero the counters instead of showing them");
  po::positional_options_description positional;
  positional.add("port", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "stats", args, options, positional, code, " [PORT]")) return code;
  if (clear) {
    return call_and_print<api::StatsParams, api::Empty>(
        ctx, api::kStatsClear, p,
        [](std::ostream& out, const api::Empty&) { out << "counters cleared\n"; });
  }
  return call_and_print<api::StatsParams, api::StatsResult>(ctx, api::kStatsGet, p, render_stats);
}

}  // namespace

void register_stats_commands(cli::Registry& registry) {
  registry.add({"stats", "port counters and drops by reason (--clear zeroes them)", stats});
  registry.add({"top",
                "live rates and losses per port and guest, with whose loss it is (--once: data)",
                top_command});
}

}  // namespace nfv::nfvctl
