// Who owns each logical CPU while a plan is built. Taking CPUs always walks cores in ascending
// order, so the same demands give the same CPUs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nfv/topology/model.h"

namespace nfv::topology::planner {

enum class CpuRole {
  kFree,
  kHousekeeping,  // left to the OS and nfvd
  kPmd,
  kPmdSibling,  // SMT sibling of a PMD, kept idle (smt: isolate)
  kVcpu,        // a dedicated guest vCPU
  kEmulator,    // a guest's dedicated emulator thread
};

struct CpuSlot {
  uint32_t cpu = 0;
  size_t core = 0;  // index into Topology::cores
  uint32_t node = 0;
  CpuRole role = CpuRole::kFree;
  std::string owner;  // guest name, "switch", "host"
};

class CpuPool {
 public:
  // `share_housekeeping_cores`: a free SMT sibling of a housekeeping CPU may still be taken
  // (policy.smt: share), after every other free CPU. Otherwise housekeeping keeps whole cores.
  explicit CpuPool(const Topology& topology, bool share_housekeeping_cores = false);

  bool exists(uint32_t cpu) const;
  const CpuSlot& slot(uint32_t cpu) const;
  void assign(uint32_t cpu, CpuRole role, const std::string& owner);
  const Core& core_of(uint32_t cpu) const;

  // Another CPU of the physical core of `cpu` is a housekeeping CPU.
  bool shares_housekeeping_core(uint32_t cpu) const;
  // Free and takeable: not on a housekeeping core, unless those may be shared.
  bool available(uint32_t cpu) const;
  // Available CPUs of `node`.
  size_t free_cpus(uint32_t node) const;
  // Cores of `node` whose every CPU is free, ascending.
  std::vector<const Core*> free_whole_cores(uint32_t node) const;
  // `count` available CPUs of `node`: whole free cores first (siblings together), then free CPUs
  // of cores without housekeeping, then (only when shared) siblings of housekeeping CPUs.
  // Returns fewer when the node has fewer.
  std::vector<uint32_t> take(uint32_t node, size_t count, CpuRole role, const std::string& owner);

  std::vector<uint32_t> cpus_of_node(uint32_t node) const;
  // Nodes with at least one CPU, ascending.
  const std::vector<uint32_t>& cpu_nodes() const { return cpu_nodes_; }
  // "node 0: 4, node 1: 6"
  std::string describe_free() const;
  // "CPUs 0-23"
  std::string describe_existing() const;

 private:
  const Topology& topology_;
  bool share_housekeeping_cores_ = false;
  std::vector<CpuSlot> slots_;  // ascending CPU
  std::vector<int32_t> index_;  // CPU -> slot, -1 when the CPU does not exist
  std::vector<uint32_t> cpu_nodes_;
};

}  // namespace nfv::topology::planner
