#include "cpu_pool.h"

#include <fmt/format.h>

#include <algorithm>

#include "nfv/common/strings.h"

namespace nfv::topology::planner {

CpuPool::CpuPool(const Topology& topology, bool share_housekeeping_cores)
    : topology_(topology), share_housekeeping_cores_(share_housekeeping_cores) {
  for (size_t c = 0; c < topology.cores.size(); ++c) {
    const Core& core = topology.cores[c];
    for (uint32_t cpu : core.cpus) slots_.push_back({cpu, c, core.numa_node, CpuRole::kFree, ""});
  }
  std::sort(slots_.begin(), slots_.end(),
            [](const CpuSlot& a, const CpuSlot& b) { return a.cpu < b.cpu; });
  uint32_t max_cpu = slots_.empty() ? 0 : slots_.back().cpu;
  index_.assign(max_cpu + 1, -1);
  for (size_t i = 0; i < slots_.size(); ++i) {
    index_[slots_[i].cpu] = static_cast<int32_t>(i);
    if (std::find(cpu_nodes_.begin(), cpu_nodes_.end(), slots_[i].node) == cpu_nodes_.end()) {
      cpu_nodes_.push_back(slots_[i].node);
    }
  }
  std::sort(cpu_nodes_.begin(), cpu_nodes_.end());
}

bool CpuPool::exists(uint32_t cpu) const { return cpu < index_.size() && index_[cpu] >= 0; }

const CpuSlot& CpuPool::slot(uint32_t cpu) const {
  return slots_[static_cast<size_t>(index_[cpu])];
}

void CpuPool::assign(uint32_t cpu, CpuRole role, const std::string& owner) {
  CpuSlot& target = slots_[static_cast<size_t>(index_[cpu])];
  target.role = role;
  target.owner = owner;
}

const Core& CpuPool::core_of(uint32_t cpu) const { return topology_.cores[slot(cpu).core]; }

bool CpuPool::shares_housekeeping_core(uint32_t cpu) const {
  const Core& core = core_of(cpu);
  return std::any_of(core.cpus.begin(), core.cpus.end(), [this, cpu](uint32_t other) {
    return other != cpu && slot(other).role == CpuRole::kHousekeeping;
  });
}

bool CpuPool::available(uint32_t cpu) const {
  return slot(cpu).role == CpuRole::kFree &&
         (share_housekeeping_cores_ || !shares_housekeeping_core(cpu));
}

size_t CpuPool::free_cpus(uint32_t node) const {
  return static_cast<size_t>(
      std::count_if(slots_.begin(), slots_.end(),
                    [this, node](const CpuSlot& s) { return s.node == node && available(s.cpu); }));
}

std::vector<const Core*> CpuPool::free_whole_cores(uint32_t node) const {
  std::vector<const Core*> cores;
  for (const Core& core : topology_.cores) {
    if (core.numa_node != node || core.cpus.empty()) continue;
    bool whole = std::all_of(core.cpus.begin(), core.cpus.end(),
                             [this](uint32_t cpu) { return slot(cpu).role == CpuRole::kFree; });
    if (whole) cores.push_back(&core);
  }
  return cores;
}

std::vector<uint32_t> CpuPool::take(uint32_t node, size_t count, CpuRole role,
                                    const std::string& owner) {
  std::vector<uint32_t> taken;
  for (const Core* core : free_whole_cores(node)) {
    for (uint32_t cpu : core->cpus) {
      if (taken.size() == count) break;
      assign(cpu, role, owner);
      taken.push_back(cpu);
    }
  }
  // Then the free CPUs left on partly used cores; the siblings of housekeeping CPUs last, and
  // only when they may be shared.
  for (bool housekeeping_core : {false, true}) {
    for (const Core& core : topology_.cores) {
      if (core.numa_node != node) continue;
      for (uint32_t cpu : core.cpus) {
        if (taken.size() == count) return taken;
        if (!available(cpu) || shares_housekeeping_core(cpu) != housekeeping_core) continue;
        assign(cpu, role, owner);
        taken.push_back(cpu);
      }
    }
  }
  return taken;
}

std::vector<uint32_t> CpuPool::cpus_of_node(uint32_t node) const {
  std::vector<uint32_t> cpus;
  for (const auto& s : slots_) {
    if (s.node == node) cpus.push_back(s.cpu);
  }
  return cpus;
}

std::string CpuPool::describe_free() const {
  std::vector<std::string> parts;
  for (uint32_t node : cpu_nodes_)
    parts.push_back(fmt::format("node {}: {}", node, free_cpus(node)));
  return join(parts, ", ");
}

std::string CpuPool::describe_existing() const {
  std::vector<uint32_t> cpus;
  for (const auto& s : slots_) cpus.push_back(s.cpu);
  return "CPUs " + format_id_list(cpus);
}

}  // namespace nfv::topology::planner
