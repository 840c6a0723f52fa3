// One guest: pick its NUMA node (where its NICs and GPUs are, if it fits there), then pin its
// vCPUs and emulator threads, commit its hugepages, and give it VFs and GPUs.
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "costs.h"
#include "nfv/common/strings.h"
#include "steps.h"

namespace nfv::topology::planner {
namespace {

// Something the guest talks to, and the nodes it sits on.
struct Affinity {
  std::string what;
  std::vector<uint32_t> nodes;
};

bool contains(const std::vector<uint32_t>& nodes, uint32_t node) {
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

void add_nodes(std::vector<uint32_t>& into, const std::vector<uint32_t>& nodes) {
  for (uint32_t node : nodes) {
    if (!contains(into, node)) into.push_back(node);
  }
  std::sort(into.begin(), into.end());
}

std::string node_word(const std::vector<uint32_t>& nodes) {
  return fmt::format("{} {}", nodes.size() == 1 ? "node" : "nodes", format_id_list(nodes));
}

// The nodes of a bridge's PCI ports; without any, the nodes of the PMDs (vhost-only bridges).
Affinity bridge_affinity(const PlanContext& ctx, const std::string& bridge_name) {
  Affinity affinity;
  std::vector<std::string> ports;
  if (const config::BridgeConfig* bridge = ctx.config.find_bridge(bridge_name)) {
    for (const auto& port_name : bridge->ports) {
      const PortInfo* info = ctx.find_port(port_name);
      if (info == nullptr || info->nodes.empty()) continue;
      add_nodes(affinity.nodes, info->nodes);
      ports.push_back(port_name);
    }
  }
  if (!ports.empty()) {
    affinity.what = fmt::format("bridge {} ({})", bridge_name, join(ports, ", "));
  } else {
    affinity.nodes = ctx.pmd_nodes();
    affinity.what = fmt::format("the PMDs of bridge {}", bridge_name);
  }
  return affinity;
}

// A vhost interface's switch side: its bridge's ports, or the port it is cross-connected with.
Affinity vhost_affinity(const PlanContext& ctx, const config::InterfaceConfig& interface) {
  if (!interface.bridge.empty()) return bridge_affinity(ctx, interface.bridge);
  std::string peer = ctx.config.xconnect_peer(interface.name);
  Affinity affinity;
  const PortInfo* info = ctx.find_port(peer);
  if (info != nullptr && !info->nodes.empty()) {
    affinity.nodes = info->nodes;
    affinity.what = fmt::format("port {} (cross-connected)", peer);
  } else {
    affinity.nodes = ctx.pmd_nodes();
    affinity.what = fmt::format("the PMDs of the cross-connect with {}", peer);
  }
  return affinity;
}

std::string vhost_attachment(const PlanContext& ctx, const config::InterfaceConfig& interface) {
  if (!interface.bridge.empty()) return interface.bridge;
  return fmt::format("a cross-connect with {}", ctx.config.xconnect_peer(interface.name));
}

size_t free_gpus_on(const PlanContext& ctx, uint32_t node) {
  size_t count = 0;
  for (size_t i = 0; i < ctx.topology.pci_devices.size(); ++i) {
    const PciDevice& device = ctx.topology.pci_devices[i];
    if (device.kind == DeviceKind::kGpu && !ctx.gpu_taken[i] && !ctx.reserved(device) &&
        is_local(device, node, ctx.topology)) {
      ++count;
    }
  }
  return count;
}

std::vector<Affinity> guest_affinities(PlanContext& ctx, const config::GuestConfig& guest) {
  std::vector<Affinity> affinities;
  for (const auto& interface : guest.interfaces) {
    if (interface.type == config::InterfaceType::kVhost) {
      Affinity affinity = vhost_affinity(ctx, interface);
      if (!affinity.nodes.empty()) affinities.push_back(std::move(affinity));
    } else if (!interface.pf.empty()) {
      if (PfSlot* slot = ctx.vfs.find(interface.pf)) {
        affinities.push_back({fmt::format("PF {}", slot->name()), slot->nodes});
      }
    } else if (auto nodes = ctx.vfs.nodes_with_free_vfs(); !nodes.empty()) {
      affinities.push_back({"a PF with a free VF", nodes});
    }
  }
  if (guest.gpus > 0) {
    Affinity gpus{fmt::format("{} free GPUs", guest.gpus), {}};
    size_t most = 0;
    for (uint32_t node : ctx.cpus.cpu_nodes()) most = std::max(most, free_gpus_on(ctx, node));
    for (uint32_t node : ctx.cpus.cpu_nodes()) {
      size_t free = free_gpus_on(ctx, node);
      if (free > 0 && (free >= guest.gpus || free == most)) gpus.nodes.push_back(node);
    }
    if (!gpus.nodes.empty()) affinities.push_back(std::move(gpus));
  }
  return affinities;
}

size_t score(const std::vector<Affinity>& affinities, uint32_t node) {
  return static_cast<size_t>(
      std::count_if(affinities.begin(), affinities.end(),
                    [node](const Affinity& a) { return contains(a.nodes, node); }));
}

// What one guest needs from the node it lands on.
struct Needs {
  size_t cpus = 0;  // dedicated CPUs: vCPUs and a dedicated emulator thread
  uint64_t bytes = 0;
  uint64_t page_size = 0;
};

Needs needs_of(const PlanContext& ctx, const config::GuestConfig& guest) {
  Needs needs;
  if (guest.cpu_policy == config::CpuPolicy::kDedicated) needs.cpus = guest.vcpus;
  if (ctx.config.policy.emulator_threads == config::EmulatorThreads::kDedicated) ++needs.cpus;
  // memfd-backed guests take ordinary memory, not hugepages.
  if (guest.memory_backing == config::MemoryBacking::kHugepages)
    needs.bytes = guest.memory_mb << 20;
  needs.page_size = guest.hugepage_size;
  return needs;
}

bool cpus_fit(const PlanContext& ctx, const Needs& needs, uint32_t node) {
  return ctx.cpus.free_cpus(node) >= needs.cpus;
}

bool fits(const PlanContext& ctx, const Needs& needs, uint32_t node) {
  return cpus_fit(ctx, needs, node) && ctx.memory.fits(node, needs.bytes);
}

// Why `node` cannot take the guest: "2 free CPUs (needs 4)".
std::string why_not(const PlanContext& ctx, const Needs& needs, uint32_t node) {
  std::vector<std::string> reasons;
  if (!cpus_fit(ctx, needs, node)) {
    reasons.push_back(fmt::format("{} free CPUs (needs {})", ctx.cpus.free_cpus(node), needs.cpus));
  }
  if (!ctx.memory.fits(node, needs.bytes)) {
    reasons.push_back(fmt::format("{} MB of hugepage memory left (needs {})",
                                  ctx.memory.left(node).value_or(0) >> 20, needs.bytes >> 20));
  }
  return join(reasons, " and ");
}

// Says what is short on every candidate node: CPUs, hugepage memory, or both.
void report_no_node(PlanContext& ctx, const std::string& subject, const Needs& needs,
                    const std::vector<uint32_t>& candidates, const std::string& where) {
  bool cpus_short = std::none_of(candidates.begin(), candidates.end(),
                                 [&](uint32_t n) { return cpus_fit(ctx, needs, n); });
  bool memory_short = std::none_of(candidates.begin(), candidates.end(),
                                   [&](uint32_t n) { return ctx.memory.fits(n, needs.bytes); });
  std::string cpus = fmt::format("{} dedicated CPU{}", needs.cpus, needs.cpus == 1 ? "" : "s");
  std::string memory = fmt::format("{} MB of {} hugepages", needs.bytes >> 20,
                                   config::page_size_name(needs.page_size));
  std::string free_cpus = "free CPUs: " + ctx.cpus.describe_free();
  std::string free_memory = "hugepage memory left: " + ctx.memory.describe_left();
  if (cpus_short && !memory_short) {
    ctx.short_of(subject, "CPUs", fmt::format("needs {} {}; {}", cpus, where, free_cpus));
  } else if (memory_short && !cpus_short) {
    ctx.short_of(subject, "hugepage memory",
                 fmt::format("needs {} {}; {}", memory, where, free_memory));
  } else {
    ctx.short_of(subject, "CPUs and hugepage memory",
                 fmt::format("needs {} and {} {}{}; {}; {}", cpus, memory, where,
                             cpus_short ? "" : " (no node has both)", free_cpus, free_memory));
  }
}

struct NodeChoice {
  uint32_t node = 0;
  std::vector<uint32_t> preferred;
  std::string reason;
};

std::optional<NodeChoice> choose_node(PlanContext& ctx, const config::GuestConfig& guest,
                                      const std::vector<Affinity>& affinities, const Needs& needs,
                                      const std::string& subject) {
  NodeChoice choice;
  const auto& nodes = ctx.cpus.cpu_nodes();
  size_t best_score = 0;
  for (uint32_t node : nodes) best_score = std::max(best_score, score(affinities, node));
  if (!affinities.empty()) {
    for (uint32_t node : nodes) {
      if (score(affinities, node) == best_score) choice.preferred.push_back(node);
    }
  }
  std::vector<uint32_t> candidates = nodes;
  std::string where = "on one NUMA node";
  bool forbid = ctx.config.policy.cross_numa == config::CrossNumaPolicy::kForbid;
  if (guest.numa) {
    if (!contains(nodes, *guest.numa)) {
      ctx.short_of(subject, "NUMA node",
                   fmt::format("numa: {} is not a node with CPUs on this machine (nodes: {})",
                               *guest.numa, format_id_list(nodes)));
      return std::nullopt;
    }
    candidates = {*guest.numa};
    where = fmt::format("on node {} (numa: {})", *guest.numa, *guest.numa);
  } else if (forbid && !choice.preferred.empty()) {
    candidates = choice.preferred;
    where = fmt::format("on {}, where its NICs are (policy.cross_numa: forbid)",
                        node_word(choice.preferred));
  }
  // Most affinities met, then most free GPUs (ai), then most free CPUs, then lowest node.
  auto key = [&](uint32_t node) {
    size_t gpus = guest.gpus > 0 ? free_gpus_on(ctx, node) : 0;
    return std::make_tuple(score(affinities, node), gpus, ctx.cpus.free_cpus(node),
                           -static_cast<int64_t>(node));
  };
  std::optional<uint32_t> best;
  for (uint32_t node : candidates) {
    if (fits(ctx, needs, node) && (!best || key(node) > key(*best))) best = node;
  }
  if (!best) {
    report_no_node(ctx, subject, needs, candidates, where);
    return std::nullopt;
  }
  choice.node = *best;
  std::vector<std::string> met;
  std::vector<std::string> missed;
  for (const auto& affinity : affinities) {
    (contains(affinity.nodes, choice.node) ? met : missed).push_back(affinity.what);
  }
  if (guest.numa) {
    choice.reason = fmt::format("numa: {} in the config", choice.node);
  } else if (affinities.empty()) {
    choice.reason = fmt::format(
        "nothing to follow (no NIC, VF or GPU): node {} has the most "
        "free CPUs ({})",
        choice.node, ctx.cpus.free_cpus(choice.node));
  } else if (contains(choice.preferred, choice.node)) {
    choice.reason = fmt::format("node {} holds {}", choice.node, join(met, " and "));
  } else {
    std::vector<std::string> refusals;
    for (uint32_t node : choice.preferred) {
      refusals.push_back(fmt::format("node {} has {}", node, why_not(ctx, needs, node)));
    }
    choice.reason = fmt::format("{} {} {}, but {}: fell back to node {}", join(missed, " and "),
                                missed.size() == 1 ? "wants" : "want", node_word(choice.preferred),
                                join(refusals, "; "), choice.node);
  }
  return choice;
}

void pin_vcpus(PlanContext& ctx, const config::GuestConfig& guest, GuestPlacement& placement) {
  if (guest.cpu_policy == config::CpuPolicy::kShared) return;  // finish_shared_guests
  placement.vcpu_cpus = ctx.cpus.take(placement.numa_node, guest.vcpus, CpuRole::kVcpu, guest.name);
  std::vector<uint32_t> cores;
  bool next_to_pmd = false;
  for (uint32_t cpu : placement.vcpu_cpus) {
    const Core& core = ctx.cpus.core_of(cpu);
    if (!contains(cores, core.id)) cores.push_back(core.id);
    for (uint32_t sibling : core.cpus) {
      next_to_pmd = next_to_pmd || ctx.cpus.slot(sibling).role == CpuRole::kPmd;
    }
  }
  placement.vcpu_reason =
      fmt::format("one CPU per vCPU on {} physical core{} of node {}", cores.size(),
                  cores.size() == 1 ? "" : "s", placement.numa_node);
  if (cores.size() < placement.vcpu_cpus.size()) {
    placement.vcpu_reason += ", SMT siblings paired inside the guest";
  }
  std::vector<uint32_t> beside_housekeeping;
  for (uint32_t cpu : placement.vcpu_cpus) {
    if (ctx.cpus.shares_housekeeping_core(cpu)) beside_housekeeping.push_back(cpu);
  }
  if (!beside_housekeeping.empty()) {
    ctx.warn(
        fmt::format("guest {}", guest.name),
        fmt::format("vCPU CPU{} {} share{} a physical core with housekeeping (policy.smt: "
                    "share)",
                    beside_housekeeping.size() == 1 ? "" : "s", format_id_list(beside_housekeeping),
                    beside_housekeeping.size() == 1 ? "s" : ""),
        "the host's interrupts, nfvd and emulator threads run on the sibling: stolen cycles "
        "and jitter in the guest; set policy.smt: isolate to keep housekeeping cores whole");
  }
  if (next_to_pmd) {
    ctx.warn(fmt::format("guest {}", guest.name),
             "a vCPU shares a physical core with a PMD (policy.smt: share)",
             "the PMD and the vCPU compete for one core: lower switch throughput and jitter in "
             "the guest; set policy.smt: isolate to keep them apart");
  }
}

void pin_emulator(PlanContext& ctx, const config::GuestConfig& guest, GuestPlacement& placement) {
  uint32_t node = placement.numa_node;
  if (ctx.config.policy.emulator_threads == config::EmulatorThreads::kDedicated) {
    placement.emulator_cpus = ctx.cpus.take(node, 1, CpuRole::kEmulator, guest.name);
    placement.emulator_reason = fmt::format(
        "policy.emulator_threads: dedicated: a CPU of node {} of its own, so QEMU's threads never "
        "preempt a vCPU",
        node);
    return;
  }
  const auto& housekeeping = ctx.report.placement.housekeeping.cpus;
  for (uint32_t cpu : housekeeping) {
    if (ctx.cpus.slot(cpu).node == node) placement.emulator_cpus.push_back(cpu);
  }
  if (!placement.emulator_cpus.empty()) {
    placement.emulator_reason = fmt::format(
        "policy.emulator_threads: housekeeping: the housekeeping CPUs of node {}", node);
  } else {
    placement.emulator_cpus = housekeeping;
    placement.emulator_reason = fmt::format(
        "policy.emulator_threads: housekeeping: node {} has no housekeeping CPU, so all of them",
        node);
  }
}

PfSlot* pick_auto_pf(PlanContext& ctx, uint32_t node) {
  PfSlot* best = nullptr;
  auto rank = [node](const PfSlot* pf) {
    return std::make_tuple(!contains(pf->nodes, node), pf->used, pf->pf->bdf);
  };
  for (PfSlot* pf : ctx.vfs.available()) {
    if (best == nullptr || rank(pf) < rank(best)) best = pf;
  }
  return best;
}

void place_vf(PlanContext& ctx, const config::GuestConfig& guest, InterfacePlacement& placed,
              const std::string& subject, uint32_t node, std::vector<std::string>& remote) {
  const config::InterfaceConfig& interface = guest.interfaces[placed.index];
  PfSlot* pf = nullptr;
  if (interface.pf.empty()) {
    pf = pick_auto_pf(ctx, node);
    if (pf == nullptr) {
      ctx.short_of(subject, "VFs", fmt::format("no PF with a free VF ({})", ctx.vfs.describe()));
      return;
    }
  } else {
    pf = ctx.vfs.find(interface.pf);
    if (pf == nullptr) {
      ctx.short_of(subject, "device",
                   fmt::format("pf: no SR-IOV capable NIC named '{}' (PFs: {})", interface.pf,
                               ctx.vfs.describe()));
      return;
    }
    if (starts_with(pf->excluded, "switch port")) {
      ctx.short_of(subject, "device",
                   fmt::format("pf: {} is {}, driven by DPDK: it cannot also give kernel VFs",
                               interface.pf, pf->excluded));
      return;
    }
    if (pf->free() == 0) {
      ctx.short_of(subject, "VFs",
                   fmt::format("PF {}: all {} VFs in use (by {}; capacity: {})", pf->name(),
                               pf->capacity, join(pf->users, ", "), pf->capacity_note));
      return;
    }
  }
  placed.vf = ctx.vfs.take(*pf, guest.name, node);
  placed.numa_node = placed.vf->numa_node;
  bool local = contains(pf->nodes, node);
  std::string which = placed.vf->vf_bdf ? fmt::format("existing VF {}", *placed.vf->vf_bdf)
                                        : std::string("created when the plan is applied");
  std::string where =
      local ? "a PF on the guest's node" : fmt::format("no PF with a free VF on node {}", node);
  if (!interface.pf.empty())
    where = local ? "pf in the config, on the guest's node" : "pf in the config";
  placed.reason =
      fmt::format("VF {} of {} ({}, {}): {}; {}/{} VFs used (capacity: {})", placed.vf->vf_index,
                  pf->name(), pf->pf->bdf, which, where, pf->used, pf->capacity, pf->capacity_note);
  if (!local) remote.push_back(fmt::format("PF {} on {}", pf->name(), node_word(pf->nodes)));
}

void place_interfaces(PlanContext& ctx, const config::GuestConfig& guest, GuestPlacement& placement,
                      std::vector<std::string>& remote) {
  uint32_t node = placement.numa_node;
  for (size_t i = 0; i < guest.interfaces.size(); ++i) {
    const auto& interface = guest.interfaces[i];
    InterfacePlacement placed;
    placed.index = i;
    placed.type = interface.type;
    std::string subject = fmt::format("guest {} interfaces[{}]", guest.name, i);
    if (interface.type == config::InterfaceType::kVhost) {
      placed.bridge = interface.bridge;
      if (interface.bridge.empty()) placed.xconnect = ctx.config.xconnect_peer(interface.name);
      placed.numa_node = node;
      Affinity bridge = vhost_affinity(ctx, interface);
      std::string on = vhost_attachment(ctx, interface);
      if (bridge.nodes.empty() || contains(bridge.nodes, node)) {
        placed.reason = fmt::format("vhost-user port on {}; guest memory on node {}, beside {}", on,
                                    node, bridge.what);
      } else {
        placed.reason =
            fmt::format("vhost-user port on {}; {} on {}, the guest's memory on node {}", on,
                        bridge.what, node_word(bridge.nodes), node);
        remote.push_back(fmt::format("{} on {}", bridge.what, node_word(bridge.nodes)));
      }
    } else {
      place_vf(ctx, guest, placed, subject, node, remote);
    }
    placement.interfaces.push_back(std::move(placed));
  }
}

void report_remote(PlanContext& ctx, const config::GuestConfig& guest,
                   const GuestPlacement& placement, const std::vector<std::string>& remote) {
  if (remote.empty()) return;
  std::string subject = fmt::format("guest {}", guest.name);
  std::string what = fmt::format("vCPUs and memory on node {}, away from {}", placement.numa_node,
                                 join(remote, ", "));
  if (ctx.config.policy.cross_numa == config::CrossNumaPolicy::kForbid) {
    ctx.short_of(subject, "NUMA locality", what + " (policy.cross_numa: forbid)");
    return;
  }
  std::string fix = guest.numa ? "set numa: auto, or the node of its NICs"
                               : "free CPUs or hugepage memory on the NIC's node, or pin the "
                                 "guest there with numa:";
  ctx.warn(subject, what, cross_numa_cost(fix));
}

}  // namespace

void place_guest(PlanContext& ctx, const config::GuestConfig& guest) {
  std::string subject = fmt::format("guest {}", guest.name);
  std::vector<Affinity> affinities = guest_affinities(ctx, guest);
  Needs needs = needs_of(ctx, guest);
  auto choice = choose_node(ctx, guest, affinities, needs, subject);
  if (!choice) return;

  GuestPlacement placement;
  placement.name = guest.name;
  placement.numa_node = choice->node;
  placement.preferred_nodes = choice->preferred;
  placement.node_reason = choice->reason;
  placement.cpu_policy = guest.cpu_policy;
  placement.vcpus = guest.vcpus;
  placement.memory_mb = guest.memory_mb;
  placement.hugepage_size = guest.hugepage_size;
  placement.hugepages = needs.bytes / needs.page_size;

  pin_vcpus(ctx, guest, placement);
  pin_emulator(ctx, guest, placement);
  if (needs.bytes > 0) {
    ctx.memory.commit(placement.numa_node, guest.hugepage_size, needs.bytes, guest.name);
  }
  std::vector<std::string> remote;
  if (guest.gpus > 0) place_gpus(ctx, guest, placement, remote);
  place_interfaces(ctx, guest, placement, remote);
  report_remote(ctx, guest, placement, remote);
  ctx.report.placement.guests.push_back(std::move(placement));
}

void finish_shared_guests(PlanContext& ctx) {
  for (auto& guest : ctx.report.placement.guests) {
    if (guest.cpu_policy != config::CpuPolicy::kShared) continue;
    for (uint32_t cpu : ctx.cpus.cpus_of_node(guest.numa_node)) {
      CpuRole role = ctx.cpus.slot(cpu).role;
      if (role == CpuRole::kFree || role == CpuRole::kHousekeeping) guest.vcpu_cpus.push_back(cpu);
    }
    if (guest.vcpu_cpus.empty()) {
      ctx.short_of(fmt::format("guest {}", guest.name), "CPUs",
                   fmt::format("cpu_policy: shared needs a CPU of node {} that no PMD, dedicated "
                               "vCPU or emulator thread owns; none is left",
                               guest.numa_node));
      continue;
    }
    guest.vcpu_reason = fmt::format(
        "cpu_policy: shared: {} vCPU{} float{} over the CPUs of node {} nobody owns (housekeeping "
        "included)",
        guest.vcpus, guest.vcpus == 1 ? "" : "s", guest.vcpus == 1 ? "s" : "", guest.numa_node);
  }
}

}  // namespace nfv::topology::planner
