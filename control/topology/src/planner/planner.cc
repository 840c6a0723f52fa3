#include "nfv/topology/planner.h"

#include <fmt/format.h>

#include "context.h"
#include "nfv/common/strings.h"
#include "steps.h"

namespace nfv::topology {

PlanReport plan_placement(const Topology& topology, const config::ApplianceConfig& config) {
  planner::PlanContext ctx(topology, config);
  planner::resolve_ports(ctx);
  planner::place_housekeeping(ctx);
  planner::place_pmds(ctx);
  planner::reserve_switch_memory(ctx);
  for (const auto& guest : config.guests) planner::place_guest(ctx, guest);
  planner::finish_shared_guests(ctx);

  Placement& placement = ctx.report.placement;
  placement.hugepages = ctx.memory.reservations();
  for (uint32_t node : ctx.memory.unchecked_nodes()) {
    ctx.warn(fmt::format("node {}", node), "the topology does not record this node's memory size",
             "hugepages planned here were not checked against the node's memory: reserving them "
             "may fail; plan on the live machine or on a recording with memory sizes");
  }
  return std::move(ctx.report);
}

Result<Placement> plan(const Topology& topology, const config::ApplianceConfig& config) {
  PlanReport report = plan_placement(topology, config);
  if (!report.feasible()) return make_error("{}", describe_shortages(report.shortages));
  return std::move(report.placement);
}

std::string describe_shortages(const std::vector<Shortage>& shortages) {
  std::string text = fmt::format("placement infeasible: {} shortage{}", shortages.size(),
                                 shortages.size() == 1 ? "" : "s");
  for (const auto& shortage : shortages) {
    text += fmt::format("\n- {}: {}: {}", shortage.subject, shortage.resource, shortage.message);
  }
  return text;
}

}  // namespace nfv::topology
