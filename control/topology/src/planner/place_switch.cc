// Housekeeping CPUs, PMD cores and the switch's hugepages. PMDs go to the nodes of the ports
// they poll, one per physical core, in port-node round robin.
#include <fmt/format.h>

#include <algorithm>

#include "costs.h"
#include "nfv/common/strings.h"
#include "steps.h"

namespace nfv::topology::planner {
namespace {

std::string describe_nics(const Topology& topology) {
  std::vector<std::string> nics;
  for (const auto& device : topology.pci_devices) {
    if (device.kind != DeviceKind::kNic || device.is_vf) continue;
    nics.push_back(fmt::format("{} ({})", device.display_name(), device.bdf));
  }
  return nics.empty() ? "none" : join(nics, ", ");
}

const PciDevice* pick_port_device(const std::vector<const PciDevice*>& found) {
  // A recording may repeat a BDF; the NIC is the one a switch port means.
  for (const PciDevice* device : found) {
    if (device->kind == DeviceKind::kNic) return device;
  }
  return found.empty() ? nullptr : found.front();
}

// The node a port's PMDs should sit on: the first of its local nodes.
std::optional<uint32_t> home_node(const PortInfo& info) {
  if (info.nodes.empty()) return std::nullopt;
  return info.nodes.front();
}

std::vector<uint32_t> sibling_cpus(const Core& core, uint32_t cpu) {
  std::vector<uint32_t> siblings;
  for (uint32_t other : core.cpus) {
    if (other != cpu) siblings.push_back(other);
  }
  return siblings;
}

void add_pmd(PlanContext& ctx, const Core& core, std::string reason) {
  bool isolate = ctx.config.policy.smt == config::SmtPolicy::kIsolate;
  PmdPlacement pmd;
  pmd.cpu = core.cpus.front();
  pmd.core = core.id;
  pmd.numa_node = core.numa_node;
  ctx.cpus.assign(pmd.cpu, CpuRole::kPmd, "switch");
  for (uint32_t sibling : sibling_cpus(core, pmd.cpu)) {
    if (!isolate || ctx.cpus.slot(sibling).role != CpuRole::kFree) continue;
    ctx.cpus.assign(sibling, CpuRole::kPmdSibling, "switch");
    pmd.idle_siblings.push_back(sibling);
  }
  if (!pmd.idle_siblings.empty()) {
    reason += fmt::format(
        "; SMT sibling CPU {} kept idle so no vCPU shares the core (policy.smt: isolate)",
        format_id_list(pmd.idle_siblings));
  }
  pmd.reason = std::move(reason);
  ctx.report.placement.pmds.push_back(std::move(pmd));
}

std::vector<uint32_t> port_home_nodes(const PlanContext& ctx) {
  std::vector<uint32_t> nodes;
  for (const auto& info : ctx.ports) {
    auto home = home_node(info);
    if (home && std::find(nodes.begin(), nodes.end(), *home) == nodes.end()) {
      nodes.push_back(*home);
    }
  }
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

std::string ports_on_node(const PlanContext& ctx, uint32_t node) {
  std::vector<std::string> names;
  for (const auto& info : ctx.ports) {
    if (home_node(info) == node) names.push_back(info.port->name);
  }
  return join(names, ", ");
}

// The first free whole core on `node`, or nullptr.
const Core* free_core_on(const PlanContext& ctx, uint32_t node) {
  auto cores = ctx.cpus.free_whole_cores(node);
  return cores.empty() ? nullptr : cores.front();
}

void place_auto_pmds(PlanContext& ctx) {
  uint32_t wanted = ctx.config.switch_config.pmd_cores;
  std::vector<uint32_t> targets = port_home_nodes(ctx);
  bool follow_ports = !targets.empty();
  if (!follow_ports) targets = ctx.cpus.cpu_nodes();
  if (targets.empty()) return;  // no CPU at all: the loader refuses such topologies
  for (uint32_t i = 0; i < wanted; ++i) {
    uint32_t preferred = targets[i % targets.size()];
    const Core* core = free_core_on(ctx, preferred);
    std::string reason;
    if (core != nullptr && follow_ports) {
      reason = fmt::format("polls {} on node {}; a physical core of its own",
                           ports_on_node(ctx, preferred), preferred);
    } else if (core != nullptr) {
      reason = "no PCI port to follow: vhost and virtual ports only; first node with a free core";
    }
    for (size_t t = 0; core == nullptr && t < targets.size(); ++t) {
      core = free_core_on(ctx, targets[t]);
      if (core != nullptr) {
        reason = fmt::format("node {} has no free physical core left; node {} has ports too",
                             preferred, targets[t]);
      }
    }
    // Last resort: any node. The ports left without a local PMD are warned about, each with
    // its cost, when ports are assigned.
    for (size_t n = 0; core == nullptr && n < ctx.cpus.cpu_nodes().size(); ++n) {
      core = free_core_on(ctx, ctx.cpus.cpu_nodes()[n]);
      if (core != nullptr) {
        reason = fmt::format("no free physical core on a node with ports; fell back to node {}",
                             core->numa_node);
      }
    }
    if (core == nullptr) {
      ctx.short_of("switch", "CPUs",
                   fmt::format("switch.pmd_cores: {} needs {} free physical cores, {} placed; no "
                               "whole core left (free CPUs: {})",
                               wanted, wanted, i, ctx.cpus.describe_free()));
      return;
    }
    add_pmd(ctx, *core, std::move(reason));
  }
}

// The housekeeping CPUs on the physical core of `cpu`.
std::vector<uint32_t> housekeeping_siblings(const PlanContext& ctx, uint32_t cpu) {
  std::vector<uint32_t> siblings;
  for (uint32_t other : sibling_cpus(ctx.cpus.core_of(cpu), cpu)) {
    if (ctx.cpus.slot(other).role == CpuRole::kHousekeeping) siblings.push_back(other);
  }
  return siblings;
}

// A CPU listed twice would be two PMDs on one CPU: refused, naming every repeated CPU.
bool listed_once(PlanContext& ctx, const std::vector<uint32_t>& cpus) {
  std::vector<uint32_t> sorted = cpus;
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint32_t> repeated;
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i] == sorted[i - 1] && (repeated.empty() || repeated.back() != sorted[i])) {
      repeated.push_back(sorted[i]);
    }
  }
  if (repeated.empty()) return true;
  ctx.short_of("switch", "CPUs",
               fmt::format("switch.pmd_cpus lists CPU{} {} more than once; one PMD per CPU, so "
                           "list each CPU once",
                           repeated.size() == 1 ? "" : "s", format_id_list(repeated)));
  return false;
}

void place_listed_pmds(PlanContext& ctx) {
  std::vector<uint32_t> port_nodes = port_home_nodes(ctx);
  if (!listed_once(ctx, ctx.config.switch_config.pmd_cpus)) return;
  bool share = ctx.config.policy.smt == config::SmtPolicy::kShare;
  for (uint32_t cpu : ctx.config.switch_config.pmd_cpus) {
    if (!ctx.cpus.exists(cpu)) {
      ctx.short_of("switch", "CPUs",
                   fmt::format("switch.pmd_cpus: CPU {} does not exist (this machine has {})", cpu,
                               ctx.cpus.describe_existing()));
      continue;
    }
    if (ctx.cpus.slot(cpu).role == CpuRole::kHousekeeping) {
      ctx.short_of("switch", "CPUs",
                   fmt::format("switch.pmd_cpus: CPU {} is a housekeeping CPU; take it out of one "
                               "of the two lists",
                               cpu));
      continue;
    }
    const Core& core = ctx.cpus.core_of(cpu);
    std::vector<uint32_t> housekeeping = housekeeping_siblings(ctx, cpu);
    if (!housekeeping.empty() && !share) {
      ctx.short_of("switch", "CPUs",
                   fmt::format("switch.pmd_cpus: CPU {} shares physical core {} with housekeeping "
                               "CPU {}, which keeps its whole core; list a CPU of another core or "
                               "set policy.smt: share",
                               cpu, core.id, format_id_list(housekeeping)));
      continue;
    }
    if (!housekeeping.empty()) {
      ctx.warn("switch",
               fmt::format("PMD CPU {} shares physical core {} with housekeeping CPU {} "
                           "(policy.smt: share)",
                           cpu, core.id, format_id_list(housekeeping)),
               "the PMD competes with the host's interrupts, nfvd and emulator threads for one "
               "core: lower and jittery switch throughput; list a CPU of a core of its own or "
               "set policy.smt: isolate");
    }
    PmdPlacement pmd;
    pmd.cpu = cpu;
    pmd.core = core.id;
    pmd.numa_node = core.numa_node;
    bool near_ports = port_nodes.empty() || std::find(port_nodes.begin(), port_nodes.end(),
                                                      core.numa_node) != port_nodes.end();
    pmd.reason = near_ports
                     ? fmt::format("switch.pmd_cpus lists CPU {} (node {})", cpu, core.numa_node)
                     : fmt::format(
                           "switch.pmd_cpus lists CPU {}, on node {} where no port "
                           "sits",
                           cpu, core.numa_node);
    if (!near_ports) {
      ctx.warn("switch",
               fmt::format("PMD CPU {} is on node {}, the ports are on node {}", cpu,
                           core.numa_node, format_id_list(port_nodes)),
               cross_numa_cost("list CPUs of the ports' nodes in switch.pmd_cpus"));
    }
    ctx.cpus.assign(cpu, CpuRole::kPmd, "switch");
    ctx.report.placement.pmds.push_back(std::move(pmd));
  }
  if (ctx.config.policy.smt != config::SmtPolicy::kIsolate) return;
  for (auto& pmd : ctx.report.placement.pmds) {
    for (uint32_t sibling : sibling_cpus(ctx.cpus.core_of(pmd.cpu), pmd.cpu)) {
      if (ctx.cpus.slot(sibling).role != CpuRole::kFree) continue;
      ctx.cpus.assign(sibling, CpuRole::kPmdSibling, "switch");
      pmd.idle_siblings.push_back(sibling);
      pmd.reason += fmt::format("; SMT sibling CPU {} kept idle (policy.smt: isolate)", sibling);
    }
  }
}

// Every port is polled by the PMDs of its node; with none there, by all of them (and that
// costs a socket crossing, said once per port).
void assign_ports_to_pmds(PlanContext& ctx) {
  auto& pmds = ctx.report.placement.pmds;
  if (pmds.empty()) return;
  for (const auto& info : ctx.ports) {
    bool local = false;
    for (auto& pmd : pmds) {
      if (std::find(info.nodes.begin(), info.nodes.end(), pmd.numa_node) != info.nodes.end()) {
        pmd.ports.push_back(info.port->name);
        local = true;
      }
    }
    if (local) continue;
    for (auto& pmd : pmds) pmd.ports.push_back(info.port->name);
    if (info.nodes.empty()) continue;  // a vdev has no node to miss
    ctx.warn(fmt::format("port {}", info.port->name),
             fmt::format("no PMD on node {} where {} ({}) sits; polled from node {}",
                         format_id_list(info.nodes), info.port->name, info.device->bdf,
                         pmds.front().numa_node),
             cross_numa_cost("raise switch.pmd_cores or list a CPU of that node in pmd_cpus"));
  }
}

}  // namespace

void resolve_ports(PlanContext& ctx) {
  for (const auto& port : ctx.config.ports) {
    PortInfo info;
    info.port = &port;
    if (!port.device.empty()) {
      info.device = pick_port_device(ctx.topology.find_devices(port.device));
      std::string subject = fmt::format("port {}", port.name);
      if (info.device == nullptr) {
        ctx.short_of(subject, "device",
                     fmt::format("device '{}' is not in the topology; NICs here: {}", port.device,
                                 describe_nics(ctx.topology)));
      } else if (info.device->kind != DeviceKind::kNic) {
        ctx.short_of(subject, "device",
                     fmt::format("device '{}' ({}) is a {}, not a NIC", port.device,
                                 info.device->bdf, to_string(info.device->kind)));
        info.device = nullptr;
      } else {
        info.nodes = local_nodes(*info.device, ctx.topology);
      }
    }
    ctx.ports.push_back(std::move(info));
  }
}

void place_housekeeping(PlanContext& ctx) {
  auto& housekeeping = ctx.report.placement.housekeeping;
  if (ctx.config.host.housekeeping_cpus) {
    for (uint32_t cpu : *ctx.config.host.housekeeping_cpus) {
      if (!ctx.cpus.exists(cpu)) {
        ctx.short_of("host", "CPUs",
                     fmt::format("host.housekeeping_cpus: CPU {} does not exist (this machine has "
                                 "{})",
                                 cpu, ctx.cpus.describe_existing()));
        continue;
      }
      ctx.cpus.assign(cpu, CpuRole::kHousekeeping, "host");
      housekeeping.cpus.push_back(cpu);
    }
    housekeeping.reason =
        "host.housekeeping_cpus: left to the OS, nfvd, interrupts and emulator threads";
    return;
  }
  for (const auto& package : ctx.topology.packages) {
    if (package.cores.empty()) continue;
    const Core& first = ctx.topology.cores[package.cores.front()];
    for (uint32_t cpu : first.cpus) {
      ctx.cpus.assign(cpu, CpuRole::kHousekeeping, "host");
      housekeeping.cpus.push_back(cpu);
    }
  }
  std::sort(housekeeping.cpus.begin(), housekeeping.cpus.end());
  housekeeping.reason =
      "host.housekeeping_cpus unset: the first core of each package is left to the OS, nfvd, "
      "interrupts and emulator threads";
}

void place_pmds(PlanContext& ctx) {
  const auto& sw = ctx.config.switch_config;
  if (!sw.enabled) return;
  if (sw.pmd_cpus.empty()) {
    place_auto_pmds(ctx);
  } else {
    place_listed_pmds(ctx);
  }
  assign_ports_to_pmds(ctx);
}

void reserve_switch_memory(PlanContext& ctx) {
  const auto& sw = ctx.config.switch_config;
  if (!sw.enabled) return;
  std::vector<uint32_t> nodes = ctx.pmd_nodes();
  for (uint32_t node : port_home_nodes(ctx)) {
    if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) nodes.push_back(node);
  }
  std::sort(nodes.begin(), nodes.end());
  uint64_t bytes = sw.memory_mb << 20;
  for (uint32_t node : nodes) {
    if (!ctx.memory.fits(node, bytes)) {
      ctx.short_of("switch", "hugepage memory",
                   fmt::format("switch.memory_mb: needs {} MB of {} hugepages on node {}; {} MB "
                               "left there (node memory minus host.reserved_memory_mb)",
                               sw.memory_mb, config::page_size_name(sw.hugepage_size), node,
                               ctx.memory.left(node).value_or(0) >> 20));
      continue;
    }
    ctx.memory.commit(node, sw.hugepage_size, bytes, "switch");
  }
}

}  // namespace nfv::topology::planner
