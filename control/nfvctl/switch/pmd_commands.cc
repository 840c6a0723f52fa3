// nfvctl pmd list|rebalance: the PMD threads and their receive queues.
#include <fmt/format.h>

#include "nfv/common/strings.h"
#include "switch/command_groups.h"
#include "switch/request_command.h"

namespace nfv::nfvctl {
namespace {

using cli::Context;

void render_pmds(std::ostream& out, const api::PmdList& list) {
  for (const auto& pmd : list.pmds) {
    out << fmt::format("pmd {} cpu {} node {}: busy {:.1f}%, {} packets, {:.0f} cycles/packet\n",
                       pmd.id, pmd.cpu, pmd.numa, pmd.busy_pct, pmd.packets, pmd.cycles_per_packet);
    std::vector<std::string> late;
    for (const auto& bucket : pmd.late_polls) {
      if (bucket.polls != 0)
        late.push_back(fmt::format(">={}us {}", bucket.at_least_us, bucket.polls));
    }
    if (!late.empty()) out << "  frames waited (polls after a gap): " << join(late, ", ") << "\n";
    cli::Table table({"  PORT", "QUEUE", "POLLED", "PACKETS", "SHARE"});
    for (const auto& rxq : pmd.rxqs) {
      table.add({"  " + rxq.port, std::to_string(rxq.queue), rxq.enabled ? "yes" : "no",
                 std::to_string(rxq.packets), fmt::format("{:.1f}%", rxq.share_pct)});
    }
    if (!pmd.rxqs.empty()) table.print(out);
  }
}

void render_rebalance(std::ostream& out, const api::RebalanceResult& r) {
  for (const auto& move : r.moved) {
    out << fmt::format("{} queue {}: pmd {} -> pmd {}\n", move.port, move.queue, move.from_pmd,
                       move.to_pmd);
  }
  std::vector<std::string> before, after;
  for (double v : r.pmd_load_before) before.push_back(fmt::format("{:.0f}%", v));
  for (double v : r.pmd_load_after) after.push_back(fmt::format("{:.0f}%", v));
  out << fmt::format("{} queue(s) moved; PMD load {} -> {}\n", r.moved.size(), join(before, "/"),
                     join(after, "/"));
}

int pmd_list(Context& ctx, const std::vector<std::string>& args) {
  return run_request(ctx, args, api::kPmdList, render_pmds);
}

int pmd_rebalance(Context& ctx, const std::vector<std::string>& args) {
  return run_request(ctx, args, api::kPmdRebalance, render_rebalance);
}

}  // namespace

void register_pmd_commands(cli::Registry& registry) {
  registry.add({"pmd list", "PMD threads: busy cycles and their receive queues", pmd_list});
  registry.add({"pmd rebalance", "re-place receive queues by measured load", pmd_rebalance});
}

}  // namespace nfv::nfvctl
