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
  explicit CpuPool(const Topology& topology);

  bool exists(uint32_t cpu) const;
  const CpuSlot& slot(uint32_t cpu) const;
  void assign(uint32_t cpu, CpuRole role, const std::string& owner);
  const Core& core_of(uint32_t cpu) const;

  size_t free_cpus(uint32_t node) const;
  // Cores of `node` whose every CPU is free, ascending.
  std::vector<const Core*> free_whole_cores(uint32_t node) const;
  // `count` free CPUs of `node`: whole free cores first (siblings together), then any free CPU.
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
  std::vector<CpuSlot> slots_;  // ascending CPU
  std::vector<int32_t> index_;  // CPU -> slot, -1 when the CPU does not exist
  std::vector<uint32_t> cpu_nodes_;
};

}  // namespace nfv::topology::planner
