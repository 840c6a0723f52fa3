// NUMA nodes as sysfs lists them (devices/system/node/node<N>, with its cpulist), and the node
// of a CPU (the node<N> entry of devices/system/cpu/cpu<C>).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/sysfs.h"

namespace nfv::host {

struct NumaNode {
  uint32_t id = 0;
  std::vector<uint32_t> cpus;  // ascending; empty for a node with memory only
};

// Node ids, ascending; empty on a kernel without NUMA support (no devices/system/node).
Result<std::vector<uint32_t>> read_numa_node_ids(const Sysfs& sysfs);

// Every node with its CPUs; an error naming the file when a cpulist cannot be read or parsed.
Result<std::vector<NumaNode>> read_numa_nodes(const Sysfs& sysfs);

// The node sysfs places a CPU on; nullopt when it says nothing (no NUMA, or no such CPU).
std::optional<uint32_t> numa_node_of_cpu(const Sysfs& sysfs, uint32_t cpu);

}  // namespace nfv::host
